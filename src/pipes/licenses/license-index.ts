import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import spdxListPackage from 'spdx-license-list/package.json';
import { licenseDataDir } from './data-dir';
import { buildLookups, type IndexLookups } from './index-lookups';
import { curatedRuleSpecs, ruleFiles, spdxTextRuleSpecs, type RuleSpec } from './rule-specs';
import { lineTokens, tokenizeText } from './tokenize';
import type { LicenseRule, RuleKind } from './types';

/** Bump when the index layout or the tokenizer changes, so caches rebuild. */
const INDEX_FORMAT = 4;

/** The compiled rule set: dictionary, rules and the lookup tables the matchers use. */
export interface LicenseIndex extends IndexLookups {
  version: string;
  dictionary: Map<string, number>;
  rules: LicenseRule[];
}

/** The JSON head of a cache file; the token and n-gram arrays follow it as raw little-endian data. */
interface CacheHead {
  version: string;
  dictionary: string[];
  rules: Array<Omit<LicenseRule, 'tokens'> & { tokenCount: number }>;
  /** Element counts of the arrays after the head, in ARRAY_ORDER. */
  arrays: number[];
}

const ARRAY_ORDER = ['tokens', 'ngramKeys', 'ngramSlots', 'postingStarts', 'postings', 'ngramCounts'] as const;

/** Default relevance by rule length, ScanCode's table for rules up to 18 tokens. */
const RELEVANCE_BY_LENGTH = [0, 5, 11, 16, 22, 27, 33, 38, 44, 50, 55, 61, 66, 72, 77, 83, 88, 94, 100];

/** Returns a hash of the rule data and code format: the cache file name depends on it. */
export function indexVersion(): string {
  const hash = createHash('sha1');
  hash.update(`${INDEX_FORMAT}:${spdxListPackage.version}`);
  // The modules that turn data into rules are part of the cache key, so a code change rebuilds.
  const code = ['rule-specs', 'tokenize', 'license-index', 'index-lookups', 'license-keys'].map((m) => join(__dirname, m + extname(__filename)));
  for (const file of [...ruleFiles(), ...code, join(licenseDataDir(), 'scancode-keys.txt')]) {
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function tokenizeRule(spec: RuleSpec, intern: (t: string) => number): Omit<LicenseRule, 'relevance' | 'minimumCoverage'> {
  const ids: number[] = [];
  const required: Array<[number, number]> = [];
  // `{{...}}` marks phrases a match must contain, as ScanCode's required phrases.
  const parts = spec.text.split(/(\{\{|\}\})/);
  let open = -1;
  for (const part of parts) {
    if (part === '{{') {
      open = ids.length;
    } else if (part === '}}') {
      if (open >= 0 && ids.length > open) {
        required.push([open, ids.length]);
      }
      open = -1;
    } else {
      const words = spec.kind === 'text' ? tokenizeText(part).tokens : lineTokens(part);
      for (const w of words) {
        ids.push(intern(w));
      }
    }
  }
  return { identifier: spec.identifier, expression: spec.expression, kind: spec.kind, tokens: Int32Array.from(ids), required };
}

function computedMinimumCoverage(length: number, kind: RuleKind): number {
  if (kind === 'text') {
    return 0;
  }
  return length < 3 ? 100 : length < 10 ? 80 : length < 30 ? 50 : 0;
}

/** Returns a freshly built index over the SPDX texts and the curated rules. */
export function buildLicenseIndex(): LicenseIndex {
  const dictionary = new Map<string, number>();
  const intern = (t: string): number => {
    let id = dictionary.get(t);
    if (id === undefined) {
      id = dictionary.size;
      dictionary.set(t, id);
    }
    return id;
  };
  const specs = [...curatedRuleSpecs(), ...spdxTextRuleSpecs()];
  const rules: LicenseRule[] = [];
  for (const spec of specs) {
    const base = tokenizeRule(spec, intern);
    if (base.tokens.length < 2) {
      continue;
    }
    const length = base.tokens.length;
    rules.push({
      ...base,
      relevance: spec.relevance ?? (spec.kind === 'text' || spec.identifier.endsWith('.RULE') ? 100 : RELEVANCE_BY_LENGTH[length] ?? 100),
      minimumCoverage: spec.minimumCoverage ?? computedMinimumCoverage(length, spec.kind),
    });
  }
  return withLookups(indexVersion(), dictionary, rules);
}

function withLookups(version: string, dictionary: Map<string, number>, rules: LicenseRule[]): LicenseIndex {
  return { version, dictionary, rules, ...buildLookups(rules) };
}

/**
 * Returns the cache file content: a JSON head, then the rule tokens and the n-gram tables as
 * raw arrays, so that a worker loads the index without hashing every rule again.
 */
function serialize(index: LicenseIndex): Buffer {
  const tokens = new Int32Array(index.rules.reduce((n, r) => n + r.tokens.length, 0));
  let at = 0;
  for (const rule of index.rules) {
    tokens.set(rule.tokens, at);
    at += rule.tokens.length;
  }
  const arrays = {
    tokens,
    ngramKeys: index.ngrams.keys,
    ngramSlots: index.ngrams.slots,
    postingStarts: index.postingStarts,
    postings: index.postings,
    ngramCounts: index.ngramCounts,
  };
  const head: CacheHead = {
    version: index.version,
    dictionary: [...index.dictionary.keys()],
    rules: index.rules.map(({ tokens: t, ...rest }) => ({ ...rest, tokenCount: t.length })),
    arrays: ARRAY_ORDER.map((name) => arrays[name].length),
  };
  const headBytes = Buffer.from(JSON.stringify(head), 'utf8');
  const padded = Math.ceil((4 + headBytes.length) / 4) * 4;
  const prefix = Buffer.alloc(padded);
  prefix.writeUInt32LE(headBytes.length, 0);
  headBytes.copy(prefix, 4);
  return Buffer.concat([prefix, ...ARRAY_ORDER.map((name) => Buffer.from(arrays[name].buffer, arrays[name].byteOffset, arrays[name].byteLength))]);
}

function deserialize(file: Buffer): LicenseIndex {
  const headLength = file.readUInt32LE(0);
  const head = JSON.parse(file.toString('utf8', 4, 4 + headLength)) as CacheHead;
  // One aligned copy of the array data: typed arrays need 4-byte aligned offsets.
  const start = Math.ceil((4 + headLength) / 4) * 4;
  const data = new Uint8Array(file.subarray(start)).buffer;
  if (data.byteLength !== head.arrays.reduce((n, count) => n + count * 4, 0)) {
    throw new Error('truncated license index cache');
  }
  let offset = 0;
  const take = (i: number): ArrayBuffer => {
    const bytes = (head.arrays[i] ?? 0) * 4;
    const slice = data.slice(offset, offset + bytes);
    offset += bytes;
    return slice;
  };
  const tokens = new Int32Array(take(0));
  const ngrams = { keys: new Uint32Array(take(1)), slots: new Int32Array(take(2)) };
  const postingStarts = new Int32Array(take(3));
  const postings = new Int32Array(take(4));
  const ngramCounts = new Int32Array(take(5));
  let at = 0;
  const rules = head.rules.map(({ tokenCount, ...rest }) => {
    const rule: LicenseRule = { ...rest, tokens: tokens.subarray(at, at + tokenCount) };
    at += tokenCount;
    return rule;
  });
  const dictionary = new Map(head.dictionary.map((t, i) => [t, i]));
  return { version: head.version, dictionary, rules, ...buildLookups(rules, { ngrams, postingStarts, postings, ngramCounts }) };
}

/**
 * Writes the index cache into cacheDir when it is missing, without keeping the index in
 * memory: the pool's main thread only prepares the cache its workers read.
 */
export function ensureLicenseIndexCache(cacheDir: string): void {
  const file = join(cacheDir, `license-index-${indexVersion()}.bin`);
  if (!existsSync(file)) {
    writeCache(cacheDir, file, buildLicenseIndex());
  }
}

function writeCache(cacheDir: string, file: string, index: LicenseIndex): void {
  mkdirSync(cacheDir, { recursive: true });
  // Written aside then renamed so concurrent workers never read a half-written cache.
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, serialize(index));
  renameSync(tmp, file);
}

const loaded = new Map<string, LicenseIndex>();
/** Index per cache directory for this process: the version hash reads every data file. */
const byCacheDir = new Map<string, LicenseIndex>();

/**
 * Returns the license index, read from `cacheDir` when a cache for the current rule data
 * exists there, else built and written there. Without a directory it is built in memory.
 * The result is memoized per process (each worker thread loads it once).
 */
export function loadLicenseIndex(cacheDir?: string): LicenseIndex {
  const known = byCacheDir.get(cacheDir ?? '');
  if (known) {
    return known;
  }
  const version = indexVersion();
  const memo = loaded.get(version);
  if (memo) {
    byCacheDir.set(cacheDir ?? '', memo);
    return memo;
  }
  let index: LicenseIndex | undefined;
  const file = cacheDir ? join(cacheDir, `license-index-${version}.bin`) : undefined;
  if (file) {
    try {
      index = deserialize(readFileSync(file));
    } catch {
      index = undefined;
    }
  }
  if (!index) {
    index = buildLicenseIndex();
    if (file && cacheDir) {
      writeCache(cacheDir, file, index);
    }
  }
  loaded.set(version, index);
  byCacheDir.set(cacheDir ?? '', index);
  return index;
}
