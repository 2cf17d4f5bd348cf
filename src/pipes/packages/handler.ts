import type { PackageData } from './models';

/** What a datafile handler receives: the path relative to the codebase and the raw content. */
export interface DatafileInput {
  path: string;
  content: Buffer;
  /** Reads another file of the codebase (codebase-relative path), or returns null; parsers use it for sibling files. */
  readFile?: (path: string) => Buffer | null;
}

/** A datafile handler, keyed by ScanCode's datasource_id and matched on ScanCode's path patterns. */
export interface DatafileHandler {
  datasourceId: string;
  packageType: string;
  /** fnmatch patterns on the POSIX path; `*` also matches `/`, as in ScanCode. */
  patterns: string[];
  /** Returns the package_data records of the file; may throw on malformed input. */
  parse(input: DatafileInput): PackageData[];
}

/** Returns a case-sensitive regular expression for an fnmatch pattern. */
export function fnmatchToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') {
      source += '.*';
    } else if (ch === '?') {
      source += '.';
    } else {
      source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
