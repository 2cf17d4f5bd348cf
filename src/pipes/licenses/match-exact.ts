import { sequenceHash, startKey } from './index-lookups';
import type { LicenseIndex } from './license-index';
import type { Query } from './query';
import type { RawMatch } from './types';

/** Returns the `1-hash` match when the whole file is exactly one license text, else undefined. */
export function matchHash(query: Query, index: LicenseIndex): RawMatch | undefined {
  const n = query.ids.length;
  if (n === 0 || !index.ruleLengths.has(n)) {
    return undefined;
  }
  const ids = query.ids;
  const rule = (index.byHash.get(sequenceHash(ids)) ?? [])
    .map((r) => index.rules[r])
    .find((candidate) => candidate !== undefined && candidate.tokens.every((t, i) => t === ids[i]));
  if (!rule) {
    return undefined;
  }
  return {
    rule,
    matcher: '1-hash',
    qStart: 0,
    qEnd: n - 1,
    startLine: query.tokenLines[0] ?? 1,
    endLine: query.tokenLines[n - 1] ?? 1,
    matchedLength: n,
    ruleCovered: n,
    matchedTokens: query.tokens,
  };
}

/**
 * Returns every exact occurrence of a rule's token sequence (`2-aho`). A two-token start
 * table stands in for the Aho-Corasick automaton: one lookup per position, then a compare.
 */
export function matchExact(query: Query, index: LicenseIndex, taken: Uint8Array): RawMatch[] {
  const { ids } = query;
  const out: RawMatch[] = [];
  for (let i = 0; i + 1 < ids.length; i++) {
    const a = ids[i] ?? -1;
    const b = ids[i + 1] ?? -1;
    if (a < 0 || b < 0 || taken[i]) {
      continue;
    }
    const candidates = index.starts.get(startKey(a, b));
    if (!candidates) {
      continue;
    }
    for (const r of candidates) {
      const rule = index.rules[r];
      if (!rule || i + rule.tokens.length > ids.length) {
        continue;
      }
      const t = rule.tokens;
      let k = 2;
      while (k < t.length && ids[i + k] === t[k]) {
        k++;
      }
      if (k === t.length) {
        const end = i + k - 1;
        out.push({
          rule,
          matcher: '2-aho',
          qStart: i,
          qEnd: end,
          startLine: query.tokenLines[i] ?? 1,
          endLine: query.tokenLines[end] ?? 1,
          matchedLength: k,
          ruleCovered: k,
          matchedTokens: query.tokens.slice(i, end + 1),
        });
      }
    }
  }
  return out;
}
