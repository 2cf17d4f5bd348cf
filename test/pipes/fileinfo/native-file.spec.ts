import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * Texts that reach each branch of libmagic's text properties (line terminators, escapes,
 * overstriking, long lines, encodings) and its string searches at block boundaries, which the
 * build computes differently from the system's file.
 */
function edgeTexts(): Record<string, Buffer | string> {
  const line = (n: number, c = 'x'): string => c.repeat(n);
  const padTo = (text: string, size: number): string => text + ' '.repeat(Math.max(0, size - text.length));
  return {
    'lf.txt': 'one\ntwo\n',
    'crlf.txt': 'one\r\ntwo\r\n',
    'cr.txt': 'one\rtwo\rthree',
    'mixed.txt': 'one\r\ntwo\nthree\rfour\r',
    'no-terminator.txt': 'just one line without an end',
    'escapes.txt': 'plain \u001b[1mbold\u001b[0m text\n',
    'overstrike.txt': 'b\bbo\bol\bld\bd\n',
    'long-300.txt': `${line(300)}\nshort\n`,
    'long-301.txt': `${line(301)}\nshort\n`,
    'long-many.txt': `${line(310)}\n${line(900, 'y')}\r\n${line(400)}`,
    'long-after-escape.txt': `${line(200)}\u001b${line(200)}\n`,
    'nel-latin1.txt': Buffer.from('one\x85two\x85three \xe9t\xe9\n', 'latin1'),
    'nel-utf8.txt': 'one\u0085two\u0085three\n',
    'utf8.txt': 'caf\u00e9 na\u00efve \u2014 \u65e5\u672c\n'.repeat(40),
    'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('utf-16 text\r\nline two\r\n'.repeat(30), 'utf16le')]),
    'tabs-and-controls.txt': '\tindent\u0007bell\u000bvt\u000cff\n'.repeat(50),
    'trailing-nuls.txt': Buffer.concat([Buffer.from('text then nuls\n'), Buffer.alloc(7)]),
    // Python's test searches the first 8 KiB for "def ": these put it on each side of that edge.
    ...Object.fromEntries([8184, 8185, 8186, 8187, 8188].map((at) => [`python-${at}.txt`, `${' '.repeat(at - 1)}\ndef f(a):\n    return a\n`])),
    'cpp.txt': `${padTo('// header', 4000)}\nnamespace a {\nclass B { public: virtual ~B(); };\n}\n`,
    'script.sh': '#!/bin/sh\necho hi\r\n',
    'ascii-16.txt': 'abcdefghijklmnop',
    'ascii-17.txt': 'abcdefghijklmnopq\n',
    'one-char.txt': 'a',
  };
}

describe('the file command built from native/file', () => {
  (inCi ? it : it.skip)('is built by npm install, with PCRE2, and is the one file types come from', () => {
    expect(fileCommand()).toBe(BUILT);
    // The system packages include libpcre2-dev: the regex tests go through PCRE2 first.
    expect(execFileSync('ldd', [BUILT], { encoding: 'utf8' })).toMatch(/libpcre2-8\.so/);
  });

  (comparable ? it : it.skip)('prints what the system file prints for texts at the edges of its text tests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scanloom-file-edges-'));
    try {
      const names = Object.keys(edgeTexts());
      for (const [name, content] of Object.entries(edgeTexts())) {
        writeFileSync(join(dir, name), content);
      }
      chmodSync(join(dir, 'script.sh'), 0o755);
      const list = names.map((n) => join(dir, n)).join('\n') + '\n';
      const system: string[] = [];
      for (const args of [['-b'], ['-b', '--mime-type'], ['-b', '--mime-encoding']]) {
        const run = (command: string): string[] => execFileSync(command, [...args, '-n', '-f', '-'], { input: list, encoding: 'utf8' }).split('\n');
        const expected = run(SYSTEM_FILE);
        expect(run(BUILT).map((line, i) => `${names[i] ?? ''}: ${line}`)).toEqual(expected.map((line, i) => `${names[i] ?? ''}: ${line}`));
        system.push(...expected);
      }
      // The texts do reach the branches they are for.
      const all = system.join('\n');
      for (const phrase of ['CRLF', 'CR line terminators', 'NEL', 'with very long lines (301)', 'with very long lines (900)', 'escape sequences', 'overstriking', 'UTF-16', 'ISO-8859', 'Python script', 'C++ source']) {
        expect(all).toContain(phrase);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
