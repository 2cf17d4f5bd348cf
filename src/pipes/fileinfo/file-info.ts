import { lstat } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import { contentInfo } from './content';
import { createMagic, type Magic } from './magic';
import { directoryRecord, fileRecord, symlinkRecord } from './records';
import type { ResourceInfo } from './types';

let sharedMagic: Promise<Magic> | undefined;

/**
 * Returns the ResourceInfo of one path, computed in the calling thread (use walkCodebase for trees).
 * The record's path is relative to rootDir when given, else just the name; a directory's size is 0 here.
 */
export async function fileInfo(location: string, rootDir?: string, options: { sha512?: boolean } = {}): Promise<ResourceInfo> {
  const path = rootDir === undefined ? basename(location) : relative(rootDir, location).split(sep).join('/');
  const stats = await lstat(location);
  if (stats.isSymbolicLink()) {
    return symlinkRecord(path, 0);
  }
  if (stats.isDirectory()) {
    return directoryRecord(path, 0, 0);
  }
  sharedMagic ??= createMagic();
  const magic = await sharedMagic;
  try {
    return fileRecord(path, contentInfo(location, basename(location), magic, options.sha512 ?? false), 0);
  } catch (error) {
    return fileRecord(path, { error: (error as Error).message }, 0);
  }
}
