import { MIN_APPROX_RULE_LENGTH, NGRAM, ngramHash, ngramSlot } from './index-lookups';
import type { LicenseIndex } from './license-index';
import type { Query } from './query';
import type { LicenseRule, RawMatch } from './types';

/** Most candidate rules aligned per file, ranked by shared n-grams (ScanCode keeps 70). */
const MAX_CANDIDATES = 25;
/** Largest gap, in tokens, bridged between two aligned blocks of one match. */
const MAX_GAP = 60;
/** Largest paragraph inserted into a license text that still leaves one match. */
const MAX_INSERT = 160;
/** Largest gap, in lines, bridged between two aligned blocks of one match. */
const MAX_LINE_GAP = 40;
/** Matches shorter than this are noise, whatever their coverage. */
const MIN_MATCHED = 8;

interface Block {
  q: number;
  r: number;
  len: number;
}

const ruleGrams = new WeakMap<LicenseRule, Map<number, number[]>>();

function gramsOf(rule: LicenseRule): Map<number, number[]> {
  let map = ruleGrams.get(rule);
  if (!map) {
    map = new Map();
    for (let i = 0; i + NGRAM <= rule.tokens.length; i++) {
      const h = ngramHash(rule.tokens, i);
      const list = map.get(h);
      if (list) {
        list.push(i);
      } else {
        map.set(h, [i]);
      }
    }
    ruleGrams.set(rule, map);
  }
  return map;
}

/** Returns the n-gram hash at each query position, -1 where an unknown word breaks it. */
function queryGrams(ids: Int32Array, taken: Uint8Array): Float64Array {
  const out = new Float64Array(ids.length).fill(-1);
  let run = 0;
  for (let i = ids.length - 1; i >= 0; i--) {
    run = (ids[i] ?? -1) >= 0 && !taken[i] ? run + 1 : 0;
    if (run >= NGRAM) {
      out[i] = ngramHash(ids, i);
    }
  }
  return out;
}

/** Per-rule hit counters and per-slot visit marks reused across files (one scan at a time per thread). */
let hitCounts = new Int32Array(0);
let slotMarks = new Int32Array(0);
let mark = 0;

/** Returns candidate rule numbers sharing the most n-grams with the query. */
function candidates(grams: Float64Array, index: LicenseIndex): number[] {
  if (hitCounts.length < index.rules.length) {
    hitCounts = new Int32Array(index.rules.length);
  }
  if (slotMarks.length < index.postingStarts.length) {
    slotMarks = new Int32Array(index.postingStarts.length);
  }
  mark = mark >= 0x7fffffff ? 1 : mark + 1;
  if (mark === 1) {
    slotMarks.fill(0);
  }
  const touched: number[] = [];
  for (const h of grams) {
    const slot = h < 0 ? -1 : ngramSlot(index.ngrams, h);
    // Each distinct n-gram of the file counts once.
    if (slot < 0 || slotMarks[slot] === mark) {
      continue;
    }
    slotMarks[slot] = mark;
    const end = index.postingStarts[slot + 1] ?? 0;
    for (let k = index.postingStarts[slot] ?? 0; k < end; k++) {
      const r = index.postings[k] ?? 0;
      if (hitCounts[r] === 0) {
        touched.push(r);
      }
      hitCounts[r] = (hitCounts[r] ?? 0) + 1;
    }
  }
  const ranked: Array<[number, number]> = [];
  for (const r of touched) {
    const c = hitCounts[r] ?? 0;
    hitCounts[r] = 0;
    if (c >= 2 && c / (index.ngramCounts[r] ?? 1) >= 0.1) {
      ranked.push([r, c]);
    }
  }
  ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return ranked.slice(0, MAX_CANDIDATES).map(([r]) => r);
}

function alignBlocks(ids: Int32Array, grams: Float64Array, rule: LicenseRule, taken: Uint8Array): Block[] {
  const map = gramsOf(rule);
  const t = rule.tokens;
  const blocks: Block[] = [];
  let i = 0;
  while (i < ids.length) {
    const h = grams[i] ?? -1;
    const starts = h < 0 ? undefined : map.get(h);
    if (!starts) {
      i++;
      continue;
    }
    let best: Block | undefined;
    for (const p of starts.slice(0, 8)) {
      let k = 0;
      while (i + k < ids.length && p + k < t.length && ids[i + k] === t[p + k] && !taken[i + k]) {
        k++;
      }
      if (k >= NGRAM && (!best || k > best.len)) {
        best = { q: i, r: p, len: k };
      }
    }
    if (!best) {
      i++;
      continue;
    }
    blocks.push(best);
    i += best.len;
  }
  return blocks;
}

/**
 * Returns the heaviest chain of blocks increasing in both query and rule order. A block that
 * overlaps its predecessor (a phrase the file repeats, "licensors: ... Considerations for
 * licensors") joins the chain with its overlapping head cut off.
 */
function bestChain(blocks: Block[], tokenLines: Int32Array): { chain: Block[]; used: Set<Block> } {
  const n = blocks.length;
  const weight = new Float64Array(n);
  const prev = new Int32Array(n).fill(-1);
  const cut = new Int32Array(n);
  let bestEnd = -1;
  for (let k = 0; k < n; k++) {
    const b = blocks[k] as Block;
    weight[k] = b.len;
    for (let j = Math.max(0, k - 200); j < k; j++) {
      const a = blocks[j] as Block;
      const overlap = Math.max(0, a.q + a.len - b.q, a.r + a.len - b.r);
      // What is left of a cut block must still be a real run of shared words.
      if (b.len - overlap < NGRAM) {
        continue;
      }
      const qGap = b.q + overlap - (a.q + a.len);
      const rGap = b.r + overlap - (a.r + a.len);
      // Windowed tokenizing makes far-apart lines adjacent in the token stream: bound lines too.
      const lineGap = (tokenLines[b.q + overlap] ?? 0) - (tokenLines[a.q + a.len - 1] ?? 0);
      const total = (weight[j] ?? 0) + b.len - overlap;
      if (
        // A long gap in the file is bridged only when the rule goes on where it stopped (an inserted
        // paragraph), and not with a cut block: that is how two texts sharing a phrase would fuse.
        (qGap <= MAX_GAP || (rGap <= 3 && qGap <= MAX_INSERT && overlap === 0)) &&
        rGap <= MAX_GAP * 4 &&
        lineGap <= MAX_LINE_GAP &&
        total > (weight[k] ?? 0)
      ) {
        weight[k] = total;
        prev[k] = j;
        cut[k] = overlap;
      }
    }
    if (bestEnd < 0 || (weight[k] ?? 0) > (weight[bestEnd] ?? 0)) {
      bestEnd = k;
    }
  }
  const chain: Block[] = [];
  const used = new Set<Block>();
  for (let k = bestEnd; k >= 0; k = prev[k] ?? -1) {
    const b = blocks[k] as Block;
    const c = cut[k] ?? 0;
    chain.unshift(c > 0 ? { q: b.q + c, r: b.r + c, len: b.len - c } : b);
    used.add(b);
  }
  return { chain, used };
}

/** Returns true when every required phrase is matched word for word, with no word inserted in the file. */
function coversRequired(rule: LicenseRule, chain: Block[]): boolean {
  const queryPos = (p: number): number => {
    const b = chain.find((x) => p >= x.r && p < x.r + x.len);
    return b ? b.q + (p - b.r) : -1;
  };
  return rule.required.every(([s, e]) => {
    let previous = -1;
    for (let p = s; p < e; p++) {
      const q = queryPos(p);
      if (q < 0 || (previous >= 0 && q !== previous + 1)) {
        return false;
      }
      previous = q;
    }
    return true;
  });
}

function toMatch(query: Query, rule: LicenseRule, chain: Block[]): RawMatch {
  const first = chain[0] as Block;
  const last = chain[chain.length - 1] as Block;
  const qEnd = last.q + last.len - 1;
  const matched = chain.reduce((sum, b) => sum + b.len, 0);
  const exact = chain.length === 1 && matched === rule.tokens.length;
  return {
    rule,
    matcher: exact ? '2-aho' : '3-seq',
    qStart: first.q,
    qEnd,
    startLine: query.tokenLines[first.q] ?? 1,
    endLine: query.tokenLines[qEnd] ?? 1,
    matchedLength: matched,
    ruleCovered: matched,
    matchedTokens: query.tokens.slice(first.q, qEnd + 1),
  };
}

/**
 * Returns approximate matches (`3-seq`) of the longer rules: candidates are ranked by shared
 * n-grams, then aligned block by block, so re-wrapped text, comment markers, inserted lines
 * and filled-in template fields only leave gaps in the coverage.
 */
export function matchApprox(query: Query, index: LicenseIndex, taken: Uint8Array): RawMatch[] {
  const grams = queryGrams(query.ids, taken);
  const out: RawMatch[] = [];
  for (const r of candidates(grams, index)) {
    const rule = index.rules[r];
    if (!rule || rule.tokens.length < MIN_APPROX_RULE_LENGTH) {
      continue;
    }
    let blocks = alignBlocks(query.ids, grams, rule, taken);
    // A file may carry the same license more than once: take chains until none is worth it.
    for (let round = 0; round < 4 && blocks.length > 0; round++) {
      const { chain, used } = bestChain(blocks, query.tokenLines);
      const match = toMatch(query, rule, chain);
      const coverage = (100 * match.ruleCovered) / rule.tokens.length;
      if (match.matchedLength < MIN_MATCHED || coverage < Math.max(rule.minimumCoverage, rule.kind === 'text' ? 10 : 60)) {
        break;
      }
      if (coversRequired(rule, chain)) {
        out.push(match);
      }
      blocks = blocks.filter((b) => !used.has(b));
    }
  }
  return out;
}
