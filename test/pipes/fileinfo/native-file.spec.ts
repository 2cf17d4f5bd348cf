import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileCommand } from '../../../src/pipes/fileinfo/magic';

const SYSTEM_FILE = '/usr/bin/file';
const BUILT = resolve(__dirname, '../../../native/file/build/scanloom-file');
const inCi = process.env.CI === 'true';
const comparable = existsSync(BUILT) && existsSync(SYSTEM_FILE);
if (!comparable && !inCi) {
  console.warn(
    'native/file is not built (npm install builds it with make and cc): its comparison with the system `file` is skipped.',
  );
}

/** Real files of many kinds: documentation (text, gzip, HTML), JavaScript and declarations, executables, our fixtures. */
function realFiles(): string {
  const trees = [
    '/usr/share/doc',
    '/usr/bin',
    join(__dirname, '../../../node_modules/typescript/lib'),
    join(__dirname, '../../fixtures'),
  ].filter((t) => existsSync(t));
  const found = execFileSync('find', [...trees, '-type', 'f'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return found
    .split('\n')
    .filter((line) => line !== '')
    .join('\n');
}

describe('the file command built from native/file', () => {
  (inCi ? it : it.skip)('is built by npm install, with PCRE2, and is the one file types come from', () => {
    expect(fileCommand()).toBe(BUILT);
    // The system packages include libpcre2-dev: the regex tests go through PCRE2 first.
    expect(execFileSync('ldd', [BUILT], { encoding: 'utf8' })).toMatch(/libpcre2-8\.so/);
  });

  (comparable ? it : it.skip)(
    'prints what the system file prints, description and MIME type, for every file of real trees',
    () => {
      const list = realFiles();
      const count = list.split('\n').length;
      expect(count).toBeGreaterThan(1000);
      for (const args of [['-b'], ['-b', '--mime-type']]) {
        const run = (command: string): string[] =>
          execFileSync(command, [...args, '-n', '-f', '-'], {
            input: list + '\n',
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          }).split('\n');
        const built = run(BUILT);
        const system = run(SYSTEM_FILE);
        expect(built).toHaveLength(count + 1);
        const paths = list.split('\n');
        const differences = system.flatMap((line, i) =>
          built[i] === line ? [] : [`${paths[i]}: ${built[i]} (file says ${line})`],
        );
        expect(differences).toEqual([]);
      }
    },
  );
});
