import { buildQuery } from './query';
import { assembleLicenseScan } from './detections';
import type { LicenseIndex } from './license-index';
import { matchApprox } from './match-approx';
import { matchExact, matchHash } from './match-exact';
import { refineMatches } from './refine';
import { findSpdxTagsInText, spdxRuleIdentifier } from './spdx-id';
import type { LicenseRule, LicenseScan, RawMatch } from './types';
import type { Query } from './query';

/** Options of a license scan. */
export interface DetectLicensesOptions {
  /** Path recorded as `from_file` on matches (ScanCode.io sets the resource path). */
  fromFile?: string | null;
}

const spdxRules = new Map<string, LicenseRule>();

function spdxRule(expression: string, length: number): LicenseRule {
  const key = `${expression}\u0000${length}`;
  let rule = spdxRules.get(key);
  if (!rule) {
    rule = {
      identifier: spdxRuleIdentifier(expression),
      expression,
      kind: 'tag',
      tokens: new Int32Array(length),
      relevance: 100,
      minimumCoverage: 0,
      required: [],
    };
    spdxRules.set(key, rule);
  }
  return rule;
}

function spdxMatches(query: Query, taken: Uint8Array): RawMatch[] {
  const out: RawMatch[] = [];
  for (const tag of findSpdxTagsInText(query.text)) {
    let qStart = -1;
    let qEnd = -1;
    for (let i = 0; i < query.tokenLines.length; i++) {
      if (query.tokenLines[i] === tag.line) {
        qStart = qStart < 0 ? i : qStart;
        qEnd = i;
      } else if (qStart >= 0) {
        break;
      }
    }
    if (qStart < 0) {
      continue;
    }
    taken.fill(1, qStart, qEnd + 1);
    const length = qEnd - qStart + 1;
    out.push({
      rule: spdxRule(tag.expression, length),
      matcher: '1-spdx-id',
      qStart,
      qEnd,
      startLine: tag.line,
      endLine: tag.line,
      matchedLength: length,
      ruleCovered: length,
      matchedTokens: query.tokens.slice(qStart, qEnd + 1),
    });
  }
  return out;
}

/** Returns raw matches of a text in ScanCode's matcher order: hash, SPDX tags, exact, approximate. */
export function matchLicenses(text: string, index: LicenseIndex): { matches: RawMatch[]; query: Query } {
  const query = buildQuery(text, index);
  const hash = matchHash(query, index);
  if (hash) {
    return { matches: [hash], query };
  }
  const taken = new Uint8Array(query.ids.length);
  const matches = spdxMatches(query, taken);
  // Exact matches do not hide their region from the approximate pass: a text matched exactly
  // without its appendix must still lose to the full text matched approximately.
  matches.push(...matchExact(query, index, taken));
  matches.push(...matchApprox(query, index, taken));
  return { matches: refineMatches(matches, query.ids.length), query };
}

/** Returns the ScanCode.io license fields of a text. */
export function detectLicenses(text: string, index: LicenseIndex, options: DetectLicensesOptions = {}): LicenseScan {
  const { matches, query } = matchLicenses(text, index);
  return assembleLicenseScan(matches, query.total, options.fromFile ?? null);
}
