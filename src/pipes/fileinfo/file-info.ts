import { lstat } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import { contentInfos } from './content';
import { createMagic, type Magic, type MagicEngine } from './magic';
import { directoryRecord, fileRecord, symlinkRecord } from './records';
import type { ResourceInfo } from './types';

const magics = new Map<MagicEngine, Promise<Magic>>();

/**
 * Returns the ResourceInfo of one path, computed in the calling thread (use walkCodebase for trees).
 * The record's path is relative to rootDir when given, else just the name; a directory's size is 0 here.
 */
export async function fileInfo(
  location: string,
  rootDir?: string,
  options: { sha512?: boolean; magicEngine?: MagicEngine } = {},
): Promise<ResourceInfo> {
  const path = rootDir === undefined ? basename(location) : relative(rootDir, location).split(sep).join('/');
  const stats = await lstat(location);
  if (stats.isSymbolicLink()) {
    return symlinkRecord(path, 0);
  }
  if (stats.isDirectory()) {
    return directoryRecord(path, 0, 0);
  }
  const engine = options.magicEngine ?? 'auto';
  const magic = magics.get(engine) ?? createMagic(engine);
  magics.set(engine, magic);
  const [info] = await contentInfos([{ location, name: basename(location) }], { magic: await magic, sha512: options.sha512 ?? false });
  return fileRecord(path, info ?? { error: 'not read' }, 0);
}
