/** Resource types as ScanCode.io stores them. */
export type ResourceType = 'file' | 'directory' | 'symlink';

/**
 * File information for one path of a codebase, with ScanCode.io's CodebaseResource field names.
 * Checksums are null for empty files and for directories and symlinks, as in ScanCode.
 */
export interface ResourceInfo {
  /** POSIX path relative to the walked root. */
  path: string;
  /** Parent folder of path, "" at the top. */
  parent_path: string;
  name: string;
  extension: string;
  type: ResourceType;
  /** '' (still to process), 'symlink' or 'resource-read-error' at creation, as ScanCode.io sets it. */
  status: string;
  /** Bytes; for a directory, the total of the files under it. */
  size: number | null;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  /** Only with the sha512 option: ScanCode.io leaves it empty for files. */
  sha512: string | null;
  sha1_git: string | null;
  mime_type: string | null;
  file_type: string | null;
  programming_language: string | null;
  is_binary: boolean;
  is_text: boolean;
  is_archive: boolean;
  is_media: boolean;
  is_source: boolean;
  is_script: boolean;
  is_key_file: boolean;
  is_legal: boolean;
  is_manifest: boolean;
  is_readme: boolean;
  is_top_level: boolean;
  /** Why the file could not be read, when status is 'resource-read-error'. */
  error?: string;
}

/** Content facts computed from a file's bytes (the part done in worker threads). */
export interface ContentInfo {
  size: number;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  sha512: string | null;
  sha1_git: string | null;
  mime_type: string | null;
  file_type: string | null;
  programming_language: string | null;
  is_binary: boolean;
  is_text: boolean;
  is_archive: boolean;
  is_media: boolean;
  is_source: boolean;
  is_script: boolean;
}
