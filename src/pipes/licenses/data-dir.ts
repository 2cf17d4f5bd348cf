import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Returns the directory of the license data files. tsc does not copy data files into dist/,
 * so a compiled module falls back to the copy in the source tree (dist/src/pipes/licenses →
 * src/pipes/licenses).
 */
export function licenseDataDir(): string {
  const beside = join(__dirname, 'data');
  if (existsSync(join(beside, 'scancode-keys.txt'))) {
    return beside;
  }
  return join(__dirname, '..', '..', '..', '..', 'src', 'pipes', 'licenses', 'data');
}
