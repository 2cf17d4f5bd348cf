import { open } from 'node:fs/promises';
import type { ArchiveKind } from './types';

const SNIFF_BYTES = 512;

const TAR_NAME = /\.(tar\.(gz|gzip|bz2|bz|xz|zst|zstd)|tgz|tbz2?|tb2|txz|tzst)$/i;
const DEB_NAME = /\.u?deb$/i;

/** Returns the kind of archive at path from its magic bytes and name, or undefined for anything else. */
export async function detectArchive(path: string): Promise<ArchiveKind | undefined> {
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  return kindFromHead(head, path);
}

/** Returns true when path is an archive or compressed file this module can extract. */
export async function isArchive(path: string): Promise<boolean> {
  return (await detectArchive(path)) !== undefined;
}

/** Returns the archive kind for the first bytes of a file and its name, or undefined. */
export function kindFromHead(head: Buffer, name: string): ArchiveKind | undefined {
  const tarName = TAR_NAME.test(name);
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) {
    return 'zip';
  }
  if (starts(0x1f, 0x8b)) {
    return tarName ? 'tar.gz' : 'gz';
  }
  if (starts(0x42, 0x5a, 0x68)) {
    return tarName ? 'tar.bz2' : 'bz2';
  }
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) {
    return tarName ? 'tar.xz' : 'xz';
  }
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) {
    return tarName ? 'tar.zst' : 'zst';
  }
  if (head.toString('latin1', 0, 8) === '!<arch>\n') {
    return DEB_NAME.test(name) ? 'deb' : 'ar';
  }
  if (starts(0xed, 0xab, 0xee, 0xdb)) {
    return 'rpm';
  }
  if (starts(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c)) {
    return '7z';
  }
  const cpioMagic = head.toString('latin1', 0, 6);
  if (cpioMagic === '070701' || cpioMagic === '070702' || cpioMagic === '070707') {
    return 'cpio';
  }
  if (isTarHeader(head)) {
    return 'tar';
  }
  return undefined;
}

/** Returns true when the block is a tar header: ustar magic or, for old v7 tars, a valid checksum. */
export function isTarHeader(head: Buffer): boolean {
  if (head.length < 512) {
    return false;
  }
  if (head.toString('latin1', 257, 262) === 'ustar') {
    return true;
  }
  const stored = parseInt(head.toString('latin1', 148, 156).replace(/\0.*$/, '').trim(), 8);
  if (!Number.isFinite(stored) || head[0] === 0) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 512; i++) {
    sum += i >= 148 && i < 156 ? 0x20 : (head[i] ?? 0);
  }
  return sum === stored;
}
