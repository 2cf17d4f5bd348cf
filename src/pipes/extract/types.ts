/** Limits that stop archive bombs; every field is optional for callers and filled from DEFAULT_LIMITS. */
export interface ExtractLimits {
  /** Bytes written across one extraction run (an archive and, with extractTree, all nested ones). */
  maxTotalSize: number;
  /** Bytes written for one archive divided by the archive's own size. */
  maxRatio: number;
  /** Entries written across one extraction run. */
  maxEntries: number;
  /** Archives inside archives: 1 means only archives found in the tree itself are extracted. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<ExtractLimits> = Object.freeze({
  maxTotalSize: 20 * 1024 ** 3,
  maxRatio: 1000,
  maxEntries: 1_000_000,
  maxDepth: 20,
});

export const PROBLEM_KINDS = [
  'path-traversal',
  'absolute-path',
  'link-outside',
  'through-symlink',
  'special-file',
  'size-limit',
  'ratio-limit',
  'entry-limit',
  'depth-limit',
  'corrupt',
  'unsupported',
  'tool-missing',
] as const;

export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** One thing that went wrong or was refused while extracting; the service turns it into a project message. */
export interface ExtractProblem {
  /** Path of the archive being extracted (as given to the extractor). */
  archive: string;
  /** Entry name inside the archive, when the problem is about one entry. */
  entry?: string;
  kind: ProblemKind;
  severity: 'warning' | 'error';
  message: string;
}

export interface ExtractResult {
  /** Files, directories and links written. */
  extracted: number;
  /** Bytes of file content written. */
  bytes: number;
  problems: ExtractProblem[];
}

export type ArchiveKind =
  | 'zip'
  | 'tar'
  | 'tar.gz'
  | 'tar.bz2'
  | 'tar.xz'
  | 'tar.zst'
  | 'gz'
  | 'bz2'
  | 'xz'
  | 'zst'
  | 'ar'
  | 'deb'
  | 'rpm'
  | 'cpio'
  | '7z';
