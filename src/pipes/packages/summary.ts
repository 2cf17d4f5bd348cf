import type { AssembledPackage } from './assemble';
import {
  combineExpressions,
  computeLicenseClarity,
  defaultLicenseCategory,
  type LicenseClarityScore,
  type ScoredFile,
} from './clarity';

export interface SummaryFile extends ScoredFile {
  detected_license_expression?: string | null;
  holders?: Array<{ holder: string }>;
  programming_language?: string | null;
}

/** The package fields the summary reads. */
export type SummaryPackage = Pick<AssembledPackage, 'datafile_paths' | 'declared_license_expression' | 'holder' | 'primary_language'>;

export interface Tally {
  value: string | null;
  count: number;
}

/** The `summary` section of a scan (ScanCode summarycode, used by scan_single_package). */
export interface CodebaseSummary {
  declared_license_expression: string | null;
  license_clarity_score: LicenseClarityScore;
  declared_holder: string | null;
  primary_language: string | null;
  other_license_expressions: Tally[];
  other_holders: Tally[];
  other_languages: Tally[];
}

function tally(values: Array<string | null | undefined>): Tally[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (v) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
}

/** Returns the codebase summary: declared license and holder from key packages, clarity score, tallies of the rest. */
export function summarizeCodebase(
  files: SummaryFile[],
  packages: SummaryPackage[],
  category: (key: string) => string | null = defaultLicenseCategory,
): CodebaseSummary {
  const keyPaths = new Set(files.filter((f) => f.is_key_file).map((f) => f.path));
  const keyPackages = packages.filter((p) => p.datafile_paths.some((d) => keyPaths.has(d)));
  const clarity = computeLicenseClarity(files, category);
  const packageExpressions = keyPackages
    .map((p) => p.declared_license_expression)
    .filter((e): e is string => !!e);
  const declaredLicense = combineExpressions(packageExpressions) ?? clarity.declared_license_expression;

  const allHolders = files.flatMap((f) => (f.holders ?? []).map((h) => h.holder));
  let declaredHolder =
    [...new Set(keyPackages.map((p) => p.holder).filter((h): h is string => !!h))].join(', ') || null;
  if (!declaredHolder) {
    // Fall back to key-file holders, keeping those most frequent across the codebase.
    const counts = tally(allHolders);
    const keyHolders = new Set(
      files.filter((f) => f.is_key_file).flatMap((f) => (f.holders ?? []).map((h) => h.holder)),
    );
    const ranked = counts.filter((t) => t.value !== null && keyHolders.has(t.value));
    const top = ranked[0]?.count ?? 0;
    declaredHolder =
      ranked
        .filter((t) => t.count === top)
        .map((t) => t.value)
        .join(', ') || null;
  }

  const languages = [...new Set(keyPackages.map((p) => p.primary_language).filter((l): l is string => !!l))];
  const languageTally = tally(files.map((f) => f.programming_language));
  const primaryLanguage = languages.length === 1 ? (languages[0] ?? null) : (languageTally[0]?.value ?? null);

  const declaredHolders = new Set((declaredHolder ?? '').split(', '));
  return {
    declared_license_expression: declaredLicense,
    license_clarity_score: clarity.license_clarity_score,
    declared_holder: declaredHolder,
    primary_language: primaryLanguage,
    other_license_expressions: tally(files.map((f) => f.detected_license_expression)).filter(
      (t) => t.value !== declaredLicense,
    ),
    other_holders: tally(allHolders).filter((t) => !declaredHolders.has(t.value ?? '')),
    other_languages: languageTally.filter((t) => t.value !== primaryLanguage),
  };
}
