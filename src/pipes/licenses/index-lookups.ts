import type { LicenseRule } from './types';

/** Length of the token n-grams that select approximate-match candidates. */
export const NGRAM = 5;
/** Rules shorter than this are only matched exactly. */
export const MIN_APPROX_RULE_LENGTH = 18;

/** Lookup tables derived from the rules; rebuilt when an index is loaded. */
export interface IndexLookups {
  /** Hash of a whole license text's token ids → rule numbers with that hash, for `1-hash`. */
  byHash: Map<number, number[]>;
  ruleLengths: Set<number>;
  /** First two token ids → rule numbers, for `2-aho`. */
  starts: Map<number, number[]>;
  /** N-gram hash → slot; the rules holding the n-gram are postings[postingStarts[slot] .. postingStarts[slot + 1]). */
  ngrams: NgramTable;
  postingStarts: Int32Array;
  postings: Int32Array;
  /** Distinct n-grams per rule. */
  ngramCounts: Int32Array;
}

/**
 * An open-addressing hash table from n-gram hash to slot held in two typed arrays, so that
 * the index cache stores it as is and a worker loads it without inserting 200,000 keys.
 */
export interface NgramTable {
  keys: Uint32Array;
  /** Slot + 1 per cell; 0 marks an empty cell. */
  slots: Int32Array;
}

function cellOf(h: number, mask: number): number {
  return (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
}

/** Returns the slot of an n-gram hash, or -1 when no rule holds the n-gram. */
export function ngramSlot(table: NgramTable, h: number): number {
  const mask = table.keys.length - 1;
  for (let i = cellOf(h, mask); ; i = (i + 1) & mask) {
    const s = table.slots[i] ?? 0;
    if (s === 0) {
      return -1;
    }
    if (table.keys[i] === h) {
      return s - 1;
    }
  }
}

function toNgramTable(map: Map<number, number>): NgramTable {
  let size = 1024;
  while (size < map.size * 2) {
    size *= 2;
  }
  const table = { keys: new Uint32Array(size), slots: new Int32Array(size) };
  for (const [h, slot] of map) {
    let i = cellOf(h, size - 1);
    while (table.slots[i] !== 0) {
      i = (i + 1) & (size - 1);
    }
    table.keys[i] = h;
    table.slots[i] = slot + 1;
  }
  return table;
}

/** Returns the n-gram hash of ids[i..i+NGRAM). */
export function ngramHash(ids: ArrayLike<number>, i: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < NGRAM; k++) {
    h = Math.imul(h ^ (ids[i + k] ?? 0), 0x01000193);
  }
  return h >>> 0;
}

/** Returns a hash of a whole token id sequence (collisions are checked by comparing tokens). */
export function sequenceHash(ids: ArrayLike<number>): number {
  let h = 0x811c9dc5 ^ ids.length;
  for (let i = 0; i < ids.length; i++) {
    h = Math.imul(h ^ (ids[i] ?? 0), 0x01000193);
  }
  return h >>> 0;
}

/** Returns the key of two leading token ids in `starts`. */
export function startKey(a: number, b: number): number {
  return a * 0x100000 + b;
}

function uniqueGrams(tokens: Int32Array): Uint32Array {
  const grams = new Uint32Array(Math.max(0, tokens.length - NGRAM + 1));
  for (let i = 0; i < grams.length; i++) {
    grams[i] = ngramHash(tokens, i);
  }
  grams.sort();
  let n = 0;
  for (let i = 0; i < grams.length; i++) {
    if (i === 0 || grams[i] !== grams[i - 1]) {
      grams[n++] = grams[i] as number;
    }
  }
  return grams.subarray(0, n);
}

/** The n-gram tables, the costly part of the lookups, as stored in the index cache. */
export type NgramTables = Pick<IndexLookups, 'ngrams' | 'postingStarts' | 'postings' | 'ngramCounts'>;

/**
 * Returns the lookup tables of a rule list; postings are one flat array to keep memory and
 * load time low. Given n-gram tables read from a cache, only the cheap tables are built.
 */
export function buildLookups(rules: LicenseRule[], cached?: NgramTables): IndexLookups {
  const byHash = new Map<number, number[]>();
  const ruleLengths = new Set<number>();
  const starts = new Map<number, number[]>();
  rules.forEach((rule, r) => {
    const t = rule.tokens;
    if (rule.kind === 'text') {
      const h = sequenceHash(t);
      byHash.set(h, [...(byHash.get(h) ?? []), r]);
      ruleLengths.add(t.length);
    }
    const key = startKey(t[0] ?? 0, t[1] ?? 0);
    const list = starts.get(key);
    if (list) {
      list.push(r);
    } else {
      starts.set(key, [r]);
    }
  });
  return { byHash, ruleLengths, starts, ...(cached ?? buildNgramTables(rules)) };
}

function buildNgramTables(rules: LicenseRule[]): NgramTables {
  const ngramCounts = new Int32Array(rules.length);
  const perRule: Array<Uint32Array | undefined> = [];
  const ngrams = new Map<number, number>();
  const counts: number[] = [];
  rules.forEach((rule, r) => {
    const t = rule.tokens;
    if (t.length >= MIN_APPROX_RULE_LENGTH) {
      const grams = uniqueGrams(t);
      perRule[r] = grams;
      ngramCounts[r] = grams.length;
      for (const h of grams) {
        let slot = ngrams.get(h);
        if (slot === undefined) {
          slot = counts.length;
          ngrams.set(h, slot);
          counts.push(0);
        }
        counts[slot] = (counts[slot] ?? 0) + 1;
      }
    }
  });
  const postingStarts = new Int32Array(counts.length + 1);
  for (let s = 0; s < counts.length; s++) {
    postingStarts[s + 1] = (postingStarts[s] ?? 0) + (counts[s] ?? 0);
  }
  const postings = new Int32Array(postingStarts[counts.length] ?? 0);
  const cursor = postingStarts.slice(0, counts.length);
  perRule.forEach((grams, r) => {
    for (const h of grams ?? []) {
      const slot = ngrams.get(h) as number;
      postings[cursor[slot] ?? 0] = r;
      cursor[slot] = (cursor[slot] ?? 0) + 1;
    }
  });
  return { ngrams: toNgramTable(ngrams), postingStarts, postings, ngramCounts };
}
