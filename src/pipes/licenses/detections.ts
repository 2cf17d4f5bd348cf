import { createHash } from 'node:crypto';
import { combineExpressions, scancodeToSpdx } from './expression';
import { matchCoverage, matchScore } from './refine';
import type { LicenseDetection, LicenseMatch, LicenseScan, RawMatch } from './types';

/** Matches are grouped into one detection while they start within this many lines of the previous end. */
const GROUP_LINE_GAP = 4;
/** ... or within this many matchable tokens of it. */
const GROUP_TOKEN_GAP = 3;
/** A group whose matches all cover less than this percent of their rules is only a clue. */
const LOW_QUALITY_COVERAGE = 60;

const spdxCache = new Map<string, string>();

function toSpdx(expression: string): string {
  let spdx = spdxCache.get(expression);
  if (spdx === undefined) {
    spdx = scancodeToSpdx(expression);
    spdxCache.set(expression, spdx);
  }
  return spdx;
}

/** Returns a match in ScanCode.io's JSON shape. */
export function toLicenseMatch(m: RawMatch, fromFile: string | null): LicenseMatch {
  return {
    license_expression: m.rule.expression,
    license_expression_spdx: toSpdx(m.rule.expression),
    from_file: fromFile,
    start_line: m.startLine,
    end_line: m.endLine,
    matcher: m.matcher,
    score: matchScore(m),
    matched_length: m.matchedLength,
    match_coverage: matchCoverage(m),
    rule_relevance: m.rule.relevance,
    rule_identifier: m.rule.identifier,
    rule_url: null,
  };
}

/** Python's repr() of a float, enough for scores in 0..100. */
function pyFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

function pyTuple(items: string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

function pyStr(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Returns ScanCode's detection identifier: the expression made python-safe, then a UUID from
 * the SHA1 of the Python repr of (rule identifier, score, matched tokens) per match.
 */
export function detectionIdentifier(expression: string, matches: RawMatch[]): string {
  const content = pyTuple(
    matches.map((m) => pyTuple([pyStr(m.rule.identifier), pyFloat(matchScore(m)), pyTuple(m.matchedTokens.map(pyStr))])),
  );
  const hex = createHash('sha1').update(content, 'utf8').digest('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `${expression.toLowerCase().replace(/[^a-z0-9]/g, '_')}-${uuid}`;
}

function groupMatches(matches: RawMatch[]): RawMatch[][] {
  const groups: RawMatch[][] = [];
  let current: RawMatch[] = [];
  let end = -Infinity;
  let qEnd = -Infinity;
  for (const m of matches) {
    // Copyright lines carry no matchable tokens: a title, copyright block and text stay one detection.
    const adjacent = m.qStart <= qEnd + GROUP_TOKEN_GAP;
    if (current.length > 0 && m.startLine > end + GROUP_LINE_GAP && !adjacent) {
      groups.push(current);
      current = [];
    }
    current.push(m);
    end = Math.max(current.length === 1 ? m.endLine : end, m.endLine);
    qEnd = Math.max(current.length === 1 ? m.qEnd : qEnd, m.qEnd);
  }
  if (current.length > 0) {
    groups.push(current);
  }
  return groups;
}

/** A clue rule, or an approximate match covering too little of its rule to name a license. */
function isClue(m: RawMatch): boolean {
  return m.rule.kind === 'clue' || (m.matcher === '3-seq' && matchCoverage(m) < LOW_QUALITY_COVERAGE);
}

/** Returns the license fields of a file from its refined matches. */
export function assembleLicenseScan(matches: RawMatch[], queryTotal: number, fromFile: string | null): LicenseScan {
  const detections: LicenseDetection[] = [];
  const clues: LicenseMatch[] = [];
  const covered = new Set<number>();
  for (const m of matches) {
    for (let p = m.qStart; p <= m.qEnd; p++) {
      covered.add(p);
    }
  }
  // Low-quality matches are clues even beside good ones: they must not add a license.
  clues.push(...matches.filter(isClue).map((m) => toLicenseMatch(m, fromFile)));
  for (const group of groupMatches(matches.filter((m) => !isClue(m)))) {
    const expression = combineExpressions(group.map((m) => m.rule.expression));
    if (!expression) {
      continue;
    }
    detections.push({
      license_expression: expression,
      license_expression_spdx: toSpdx(expression),
      identifier: detectionIdentifier(expression, group),
      matches: group.map((m) => toLicenseMatch(m, fromFile)),
    });
  }
  const detected = combineExpressions(detections.map((d) => d.license_expression));
  return {
    detected_license_expression: detected,
    detected_license_expression_spdx: detected === null ? null : toSpdx(detected),
    license_detections: detections,
    license_clues: clues,
    percentage_of_license_text: queryTotal === 0 ? 0 : Math.round((10000 * covered.size) / queryTotal) / 100,
  };
}
