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
  const base = baseRecord(path, 'file', rootDepth);
  if ('error' in result) {
    return { ...base, ...NO_CONTENT, status: STATUS.resourceReadError, error: result.error };
  }
  return { ...base, ...result };
}

/** Returns the record of a symbolic link: ScanCode.io keeps only its names and the "symlink" status. */
export function symlinkRecord(path: string, rootDepth: number): ResourceInfo {
  return { ...baseRecord(path, 'symlink', rootDepth), ...NO_CONTENT };
}

/** Returns the record of a directory whose size is the total of the files under it. */
export function directoryRecord(path: string, size: number, rootDepth: number): ResourceInfo {
  return { ...baseRecord(path, 'directory', rootDepth), ...NO_CONTENT, size };
}
