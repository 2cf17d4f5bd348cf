import * as fs from 'node:fs';
import * as path from 'node:path';

/** Larger files are cut: the endpoint serves text for reading, not downloads. */
export const MAX_CONTENT_BYTES = 20 * 1024 * 1024;

/**
 * The text of a codebase file for `file_content`: the text itself, or for a binary file
 * its printable strings one per line. Null when the file is gone or lies outside the
 * codebase (a symlink pointing out counts as outside).
 */
export function readFileContent(codebaseDir: string, resourcePath: string, isBinary: boolean): string | null {
  const root = fs.realpathSync(codebaseDir);
  let target: string;
  try {
    target = fs.realpathSync(path.join(root, resourcePath.replace(/^\/+/, '')));
  } catch {
    return null;
  }
  if (!target.startsWith(root + path.sep) || !fs.statSync(target).isFile()) {
    return null;
  }
  const fd = fs.openSync(target, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(fs.fstatSync(fd).size, MAX_CONTENT_BYTES));
    fs.readSync(fd, buffer, 0, buffer.length, 0);
    return isBinary ? printableStrings(buffer) : buffer.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs of at least four printable ASCII characters, one per line (as `strings` prints them). */
export function printableStrings(buffer: Buffer): string {
  return (buffer.toString('latin1').match(/[\x20-\x7e\t]{4,}/g) ?? []).join('\n');
}
