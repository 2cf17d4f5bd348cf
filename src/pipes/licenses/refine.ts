import type { Matcher, RawMatch } from './types';

const MATCHER_RANK: Record<Matcher, number> = { '1-spdx-id': 0, '1-hash': 1, '2-aho': 2, '3-seq': 3 };

/** Returns ScanCode's score: coverage of the rule times density in the file, times relevance. */
export function matchScore(m: RawMatch): number {
  const ruleCoverage = m.ruleCovered / Math.max(1, m.rule.tokens.length);
  const queryCoverage = m.matchedLength / Math.max(1, m.qEnd - m.qStart + 1);
  const relevance = m.rule.relevance / 100;
  const raw = ruleCoverage < 1 && queryCoverage < 1 ? ruleCoverage * relevance : queryCoverage * ruleCoverage * relevance;
  return Math.round(raw * 10000) / 100;
}

/** Returns round(100 · covered / rule length, 2). */
export function matchCoverage(m: RawMatch): number {
  return Math.round((10000 * m.ruleCovered) / Math.max(1, m.rule.tokens.length)) / 100;
}

/**
 * Matched tokens weighted by score: of two texts matching the same region, the one the file
 * follows more closely wins (BSD-3-Clause over BSD-3-Clause-Clear, MIT-0 over MIT), while a
 * longer license still beats a shorter one it contains (BSD-3-Clause over BSD-2-Clause).
 */
function weight(m: RawMatch): number {
  return m.matchedLength * matchScore(m);
}

/**
 * Returns the matches to keep, in file order: the larger and better match wins a region; a
 * match mostly inside an already kept one is dropped (a reference inside a notice, the
 * BSD-2-Clause text inside a BSD-3-Clause one, a notice inside a full GPL text).
 */
export function refineMatches(matches: RawMatch[], queryLength: number): RawMatch[] {
  const ranked = [...matches].sort(
    (a, b) =>
      Number(b.matcher === '1-spdx-id') - Number(a.matcher === '1-spdx-id') ||
      weight(b) - weight(a) ||
      matchScore(b) - matchScore(a) ||
      MATCHER_RANK[a.matcher] - MATCHER_RANK[b.matcher] ||
      a.rule.tokens.length - b.rule.tokens.length ||
      a.rule.identifier.localeCompare(b.rule.identifier),
  );
  const taken = new Uint8Array(Math.max(queryLength, 1));
  const kept: RawMatch[] = [];
  for (const m of ranked) {
    if (m.rule.kind === 'false_positive') {
      continue;
    }
    let overlap = 0;
    for (let p = m.qStart; p <= m.qEnd; p++) {
      overlap += taken[p] ?? 0;
    }
    const span = m.qEnd - m.qStart + 1;
    if (m.matcher !== '1-spdx-id' && overlap > 0 && overlap >= span * 0.3) {
      continue;
    }
    taken.fill(1, m.qStart, m.qEnd + 1);
    kept.push(m);
  }
  return kept.sort((a, b) => a.startLine - b.startLine || a.qStart - b.qStart);
}
