import { classifyResource } from './classify';
import { extensionOf, parentOf } from './names';
import { STATUS } from './flags';
import type { ContentInfo, ResourceInfo, ResourceType } from './types';

const NO_CONTENT = {
  size: null,
  md5: null,
  sha1: null,
  sha256: null,
  sha512: null,
  sha1_git: null,
  mime_type: null,
  file_type: null,
  programming_language: null,
  is_binary: false,
  is_text: false,
  is_archive: false,
  is_media: false,
  is_source: false,
  is_script: false,
};

/** Returns the path-derived part of a record: names, parent, status and classification flags. */
function baseRecord(path: string, type: ResourceType, rootDepth: number): Omit<ResourceInfo, keyof typeof NO_CONTENT> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return {
    path,
    parent_path: parentOf(path),
    name,
    extension: extensionOf(name, type === 'file'),
    type,
    status: type === 'symlink' ? STATUS.symlink : STATUS.noStatus,
    ...classifyResource(path, type, rootDepth),
  };
}

/** Returns the record of a regular file from the worker's content info, or a read-error record. */
export function fileRecord(path: string, result: ContentInfo | { error: string }, rootDepth: number): ResourceInfo {
  if ('error' in result) {
    return { ...baseRecord(path, 'file', rootDepth), ...NO_CONTENT, status: STATUS.resourceReadError, error: result.error };
  }
  // Written out rather than spread: this runs for every file, and an object spread from two
  // others of this width costs more than hashing a small file.
  const name = path.slice(path.lastIndexOf('/') + 1);
  const c = classifyResource(path, 'file', rootDepth);
  return {
    path,
    parent_path: parentOf(path),
    name,
    extension: extensionOf(name, true),
    type: 'file',
    status: STATUS.noStatus,
    is_legal: c.is_legal,
    is_readme: c.is_readme,
    is_manifest: c.is_manifest,
    is_top_level: c.is_top_level,
    is_key_file: c.is_key_file,
    size: result.size,
    md5: result.md5,
    sha1: result.sha1,
    sha256: result.sha256,
    sha512: result.sha512,
    sha1_git: result.sha1_git,
    mime_type: result.mime_type,
    file_type: result.file_type,
    is_binary: result.is_binary,
    is_text: result.is_text,
    is_archive: result.is_archive,
    is_media: result.is_media,
    is_source: result.is_source,
    is_script: result.is_script,
    programming_language: result.programming_language,
  };
}

/** Returns the record of a symbolic link: ScanCode.io keeps only its names and the "symlink" status. */
export function symlinkRecord(path: string, rootDepth: number): ResourceInfo {
  return { ...baseRecord(path, 'symlink', rootDepth), ...NO_CONTENT };
}

/** Returns the record of a directory whose size is the total of the files under it. */
export function directoryRecord(path: string, size: number, rootDepth: number): ResourceInfo {
  return { ...baseRecord(path, 'directory', rootDepth), ...NO_CONTENT, size };
}
