// License clarity score of ScanCode's summarycode/score.py, over key files and the rest of the codebase.

export type RuleKind = 'text' | 'notice' | 'tag' | 'reference' | 'intro' | 'clue';

export interface ScoredMatch {
  license_expression: string;
  score?: number | null;
  match_coverage?: number | null;
  rule_relevance?: number | null;
  rule_identifier?: string | null;
  matcher?: string | null;
  /** Kind of the matched rule; guessed from rule_identifier and matcher when absent. */
  rule_kind?: RuleKind;
}

export interface ScoredDetection {
  license_expression: string;
  matches: ScoredMatch[];
}

export interface ScoredFile {
  path: string;
  is_key_file: boolean;
  license_detections: ScoredDetection[];
  copyrights?: Array<{ copyright: string }>;
}

export interface LicenseClarityScore {
  score: number;
  declared_license: boolean;
  identification_precision: boolean;
  has_license_text: boolean;
  declared_copyrights: boolean;
  conflicting_license_categories: boolean;
  ambiguous_compound_licensing: boolean;
}

/** ScanCode's weights, in the order the elements are evaluated. */
export const CLARITY_WEIGHTS = {
  declared_license: 40,
  identification_precision: 40,
  has_license_text: 10,
  declared_copyrights: 10,
  conflicting_license_categories: -20,
  ambiguous_compound_licensing: -10,
} as const;

// Categories that make a non-key-file license conflict with permissive key files. ScanCode's data spells
// "Source-available", so "Source Available" here never matches: a quirk kept on purpose.
const CONFLICTING_CATEGORIES = new Set(['Commercial', 'Copyleft', 'Proprietary Free', 'Source Available']);

/** Returns a ScanCode license category for common license keys (until the license engine provides them). */
export function defaultLicenseCategory(key: string): string | null {
  if (/^(a?gpl|gfdl|osl|cc-by-sa|sleepycat|eupl|rpl)/.test(key)) {
    return 'Copyleft';
  }
  if (/^(lgpl|mpl|epl|cddl|cpl|apsl|ms-rl|gpl-.*-classpath)/.test(key)) {
    return 'Copyleft Limited';
  }
  if (/^(commercial|proprietary-license)/.test(key)) {
    return 'Commercial';
  }
  if (/^(proprietary|freeware)/.test(key)) {
    return 'Proprietary Free';
  }
  if (/^(unknown)/.test(key)) {
    return 'Unstated License';
  }
  return 'Permissive';
}

function ruleKind(match: ScoredMatch): RuleKind {
  if (match.rule_kind) {
    return match.rule_kind;
  }
  const id = match.rule_identifier ?? '';
  if (/\.LICENSE$|_text|license-text/i.test(id)) {
    return 'text';
  }
  if (/notice/i.test(id)) {
    return 'notice';
  }
  if (/spdx-license-identifier|_tag|tag_/i.test(id) || match.matcher === '1-spdx-id') {
    return 'tag';
  }
  if (/intro/i.test(id)) {
    return 'intro';
  }
  if (/clue/i.test(id)) {
    return 'clue';
  }
  return 'reference';
}

/** Returns true when a match is precise enough for identification_precision (ScanCode's thresholds). */
export function isGoodMatch(match: ScoredMatch): boolean {
  const score = match.score ?? 0;
  const coverage = match.match_coverage;
  const relevance = match.rule_relevance;
  if (coverage === null || coverage === undefined || relevance === null || relevance === undefined) {
    return score >= 80;
  }
  switch (ruleKind(match)) {
    case 'text':
      return score >= 70 && coverage >= 80;
    case 'notice':
      return score >= 80 && coverage >= 80;
    case 'tag':
      return coverage === 100;
    case 'reference':
      return score >= 50 && coverage === 100;
    case 'intro':
    case 'clue':
      return score >= 100 && coverage === 100;
  }
}

function licenseKeys(expression: string): string[] {
  return expression
    .split(/[\s()]+/)
    .filter((t) => t !== '' && !['AND', 'OR', 'WITH', 'and', 'or', 'with'].includes(t));
}

function isCompound(expression: string): boolean {
  return / (AND|OR|WITH) /i.test(expression);
}

/** Returns the one expression that covers all, or null when the expressions are ambiguous. */
export function primaryLicense(expressions: string[]): string | null {
  const unique = [...new Set(expressions)];
  if (unique.length <= 1) {
    return unique[0] ?? null;
  }
  const singles = unique.filter((e) => !isCompound(e));
  // Compound expressions equal up to order are one expression.
  const byKeys = new Map<string, string>();
  for (const e of unique.filter(isCompound)) {
    const key = licenseKeys(e).sort().join(' ');
    if (!byKeys.has(key)) {
      byKeys.set(key, e);
    }
  }
  const compounds = [...byKeys.values()];
  if (compounds.length === 0) {
    return null;
  }
  if (compounds.length === 1) {
    const keys = new Set(licenseKeys(compounds[0] ?? ''));
    return singles.every((s) => keys.has(s)) ? (compounds[0] ?? null) : null;
  }
  return null;
}

/** Returns the AND of expressions, each compound one in parentheses, de-duplicated. */
export function combineExpressions(expressions: string[]): string | null {
  const unique = [...new Set(expressions)];
  if (unique.length <= 1) {
    return unique[0] ?? null;
  }
  return unique.map((e) => (isCompound(e) ? `(${e})` : e)).join(' AND ');
}

/** Returns the license clarity score of a codebase and the declared license expression it implies. */
export function computeLicenseClarity(
  files: ScoredFile[],
  category: (key: string) => string | null = defaultLicenseCategory,
): { license_clarity_score: LicenseClarityScore; declared_license_expression: string | null } {
  const keyFiles = files.filter((f) => f.is_key_file);
  const keyDetections = keyFiles.flatMap((f) => f.license_detections);
  const keyMatches = keyDetections.flatMap((d) => d.matches);
  const declaredExpressions = keyDetections.map((d) => d.license_expression).filter(Boolean);
  const element = {
    declared_license: keyMatches.length > 0,
    identification_precision: keyMatches.some(isGoodMatch),
    has_license_text: keyMatches.some((m) => ['text', 'notice'].includes(ruleKind(m))),
    declared_copyrights: keyFiles.some((f) => (f.copyrights ?? []).length > 0),
    conflicting_license_categories: false,
    ambiguous_compound_licensing: false,
  };
  const keyCategories = new Set(declaredExpressions.flatMap(licenseKeys).map(category));
  const otherCategories = files
    .filter((f) => !f.is_key_file)
    .flatMap((f) => f.license_detections.flatMap((d) => licenseKeys(d.license_expression)))
    .map(category);
  element.conflicting_license_categories =
    ![...keyCategories].some((c) => c !== null && CONFLICTING_CATEGORIES.has(c)) &&
    otherCategories.some((c) => c !== null && CONFLICTING_CATEGORIES.has(c));
  let declared: string | null = null;
  if (declaredExpressions.length > 0) {
    declared = primaryLicense(declaredExpressions);
    if (!declared) {
      element.ambiguous_compound_licensing = true;
      declared = combineExpressions(declaredExpressions);
    }
  }
  let score = 0;
  for (const key of [
    'declared_license',
    'identification_precision',
    'has_license_text',
    'declared_copyrights',
  ] as const) {
    score += element[key] ? CLARITY_WEIGHTS[key] : 0;
  }
  // Penalties apply only to a positive score.
  for (const key of ['conflicting_license_categories', 'ambiguous_compound_licensing'] as const) {
    if (element[key] && score > 0) {
      score += CLARITY_WEIGHTS[key];
    }
  }
  return {
    license_clarity_score: { score: Math.max(score, 0), ...element },
    declared_license_expression: declared,
  };
}
