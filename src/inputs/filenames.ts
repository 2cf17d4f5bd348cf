import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A file name safe to create in a folder: no directory parts, no control characters,
 * never `.` or `..`, at most 255 bytes.
 */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let clean = base.replace(/[\x00-\x1f\x7f]/g, '').trim();
  if (clean === '' || clean === '.' || clean === '..') {
    clean = 'upload';
  }
  while (Buffer.byteLength(clean) > 255) {
    clean = clean.slice(1);
  }
  return clean;
}

/**
 * `name` if the folder has no entry of that name, else `stem_1.ext`, `stem_2.ext`…:
 * a second input with the same name never overwrites the first.
 */
export function uniqueFilename(folder: string, name: string): string {
  if (!fs.existsSync(path.join(folder, name))) {
    return name;
  }
  const dot = name.indexOf('.', 1);
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 1; ; i++) {
    const candidate = `${stem}_${i}${ext}`;
    if (!fs.existsSync(path.join(folder, candidate))) {
      return candidate;
    }
  }
}
