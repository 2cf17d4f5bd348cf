/** Resource status values, spelled as ScanCode.io stores them (scanpipe/pipes/flag.py). */
export const STATUS = {
  noStatus: '',
  scanned: 'scanned',
  scannedWithError: 'scanned-with-error',
  systemPackage: 'system-package',
  applicationPackage: 'application-package',
  installedPackage: 'installed-package',
  noLicenses: 'no-licenses',
  unknownLicense: 'unknown-license',
  notAnalyzed: 'not-analyzed',
  resourceReadError: 'resource-read-error',
  symlink: 'symlink',
  ignoredWhiteout: 'ignored-whiteout',
  ignoredEmptyFile: 'ignored-empty-file',
  ignoredWhitespaceFile: 'ignored-whitespace-file',
  ignoredDirectory: 'ignored-directory',
  ignoredPattern: 'ignored-pattern',
  ignoredMediaFile: 'ignored-media-file',
  ignoredNotInteresting: 'ignored-not-interesting',
  ignoredDefaultIgnores: 'ignored-default-ignores',
  ignoredDataFileNoClues: 'ignored-data-file-no-clues',
  ignoredDocFile: 'ignored-doc-file',
  ignoredFromConfig: 'ignored-from-config',
  ignoredByMaxFileSize: 'ignored-by-max-file-size',
  complianceLicenses: 'compliance-licenses',
  complianceSourcemirror: 'compliance-sourcemirror',
  aboutMapped: 'about-mapped',
  mapped: 'mapped',
  mappedBySymbol: 'mapped-by-symbol',
  archiveProcessed: 'archive-processed',
  matchedToPurldbPackage: 'matched-to-purldb-package',
  matchedToPurldbResource: 'matched-to-purldb-resource',
  matchedToPurldbDirectory: 'matched-to-purldb-directory',
  approximateMatchedToPurldbResource: 'approximate-matched-to-purldb-resource',
  tooManyMaps: 'too-many-maps',
  noJavaSource: 'no-java-source',
  npmPackageLookup: 'npm-package-lookup',
  requiresReview: 'requires-review',
  reviewDanglingLegalFile: 'review-dangling-legal-file',
  notDeployed: 'not-deployed',
} as const;

export type ResourceStatus = (typeof STATUS)[keyof typeof STATUS];

/** Patterns ScanCode.io always ignores in scan_codebase, on top of the project's ignored_patterns. */
export const DEFAULT_IGNORED_PATTERNS: readonly string[] = [
  'scancode-config.yml',
  '*/scancode-config.yml',
  'policies.yml',
  '*/policies.yml',
  '*/__MACOSX*',
];

/** The fields the flag rules look at; CodebaseResource rows and ResourceInfo records both have them. */
export interface Flaggable {
  path: string;
  type: string;
  size: number | null;
  status: string;
}

/** A status change for one resource, for the service to write. */
export interface StatusChange {
  path: string;
  status: ResourceStatus;
}

/**
 * Returns the anchored regular expression ScanCode.io builds from a glob: everything escaped, then
 * `*` → `.*` and `?` → `.`, matched against the whole relative path (so `*.tmp` matches at any depth
 * and `tests/*` only at the top).
 */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('\\*', '.*').replaceAll('\\?', '.')}$`);
}

/** Returns true when path matches any of the glob patterns. */
export function matchesAnyPattern(path: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globToRegExp(p).test(path));
}

/** Returns true for Docker/OCI layer whiteout markers (".wh." files, including ".wh..wh..opq"). */
export function isWhiteout(name: string): boolean {
  return name.startsWith('.wh.');
}

/** Returns status changes marking empty files (size 0 or unknown, status "" or not-analyzed) as ignored-empty-file. */
export function flagEmptyFiles(resources: Iterable<Flaggable>): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const r of resources) {
    if (r.type === 'file' && !r.size && (r.status === STATUS.noStatus || r.status === STATUS.notAnalyzed)) {
      changes.push({ path: r.path, status: STATUS.ignoredEmptyFile });
    }
  }
  return changes;
}

/**
 * Returns status changes marking not-yet-processed resources whose path matches a pattern as
 * ignored-pattern. Pass the project's ignored_patterns; the defaults are added here, as scan_codebase does.
 */
export function flagIgnoredPatterns(resources: Iterable<Flaggable>, patterns: readonly string[] = []): StatusChange[] {
  const regexps = [...patterns, ...DEFAULT_IGNORED_PATTERNS].map(globToRegExp);
  const changes: StatusChange[] = [];
  for (const r of resources) {
    if (r.status === STATUS.noStatus && regexps.some((re) => re.test(r.path))) {
      changes.push({ path: r.path, status: STATUS.ignoredPattern });
    }
  }
  return changes;
}

/** Returns status changes marking whiteout files as ignored-whiteout. */
export function flagWhiteouts(resources: Iterable<Flaggable>): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const r of resources) {
    if (isWhiteout(r.path.slice(r.path.lastIndexOf('/') + 1))) {
      changes.push({ path: r.path, status: STATUS.ignoredWhiteout });
    }
  }
  return changes;
}
