import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  classify,
  flagEmptyFiles,
  flagIgnoredPatterns,
  flagWhiteouts,
  globToRegExp,
  STATUS,
  walkCodebase,
  type ResourceInfo,
} from '../../../src/pipes/fileinfo';

let root: string;
let records: ResourceInfo[];

/** A small codebase laid out the way ScanCode.io's codebase/ folder looks after extraction. */
const FILES: Record<string, string> = {
  'scancode-config.yml': 'ignored_patterns:\n  - "*.tmp"\n',
  'app/policies.yml': 'license_policies: []\n',
  'app/src/main.c': '#include <stdio.h>\nint main(void) { return 0; }\n',
  'app/src/cache.tmp': 'scratch\n',
  'app/tests/test_main.py': 'import unittest\n',
  'tests/top.txt': 'top-level tests folder\n',
  'app/empty.txt': '',
  'app/__MACOSX/._main.c': 'resource fork',
  'layer/etc/.wh.passwd': '',
  'layer/etc/.wh..wh..opq': '',
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'scanloom-flags-'));
  for (const [path, content] of Object.entries(FILES)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  records = [];
  for await (const batch of walkCodebase(root, { threads: 1 })) {
    records.push(...batch);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ScanCode.io ignore rules', () => {
  it('turns globs into anchored full-path patterns', () => {
    expect(globToRegExp('*.tmp').test('app/src/cache.tmp')).toBe(true);
    expect(globToRegExp('tests/*').test('tests/top.txt')).toBe(true);
    expect(globToRegExp('tests/*').test('app/tests/test_main.py')).toBe(false);
    expect(globToRegExp('app/src/main.?').test('app/src/main.c')).toBe(true);
    expect(globToRegExp('a+b(c)').test('a+b(c)')).toBe(true);
  });

  it('flags the project patterns plus the always-ignored config, policies and __MACOSX files', () => {
    const changes = flagIgnoredPatterns(records, ['*.tmp', 'tests/*']);
    expect(changes.every((c) => c.status === STATUS.ignoredPattern)).toBe(true);
    expect(changes.map((c) => c.path).sort()).toEqual([
      'app/__MACOSX',
      'app/__MACOSX/._main.c',
      'app/policies.yml',
      'app/src/cache.tmp',
      'scancode-config.yml',
      'tests/top.txt',
    ]);
  });

  it('only flags resources that have no status yet', () => {
    const done = records.map((r) => (r.path === 'app/src/cache.tmp' ? { ...r, status: STATUS.scanned } : r));
    expect(flagIgnoredPatterns(done, ['*.tmp']).map((c) => c.path)).not.toContain('app/src/cache.tmp');
  });

  it('flags empty files, including not-analyzed ones, and whiteouts', () => {
    const empty = flagEmptyFiles(records).map((c) => c.path).sort();
    expect(empty).toEqual(['app/empty.txt', 'layer/etc/.wh..wh..opq', 'layer/etc/.wh.passwd']);
    expect(flagEmptyFiles([{ path: 'x', type: 'file', size: null, status: STATUS.notAnalyzed }])).toEqual([
      { path: 'x', status: 'ignored-empty-file' },
    ]);
    const whiteouts = flagWhiteouts(records).sort((a, b) => a.path.localeCompare(b.path));
    expect(whiteouts).toEqual([
      { path: 'layer/etc/.wh..wh..opq', status: 'ignored-whiteout' },
      { path: 'layer/etc/.wh.passwd', status: 'ignored-whiteout' },
    ]);
  });
});

describe('classification', () => {
  it('marks legal, readme and manifest files, top level only near the real root', () => {
    const flagged = classify([
      { path: 'pkg', type: 'directory' },
      { path: 'pkg/COPYING.txt', type: 'file' },
      { path: 'pkg/readme.rst', type: 'file' },
      { path: 'pkg/setup.py', type: 'file' },
      { path: 'pkg/debian/copyright', type: 'file' },
      { path: 'pkg/src/NOTICE', type: 'file' },
      { path: 'pkg/src/mod.py', type: 'file' },
    ]);
    const byPath = Object.fromEntries(flagged.map((r) => [r.path, r]));
    expect(byPath['pkg/COPYING.txt']).toMatchObject({ is_legal: true, is_top_level: true, is_key_file: true });
    expect(byPath['pkg/readme.rst']).toMatchObject({ is_readme: true, is_key_file: true });
    expect(byPath['pkg/setup.py']).toMatchObject({ is_manifest: true, is_key_file: true });
    expect(byPath['pkg/debian/copyright']).toMatchObject({ is_legal: true, is_manifest: true, is_top_level: false, is_key_file: false });
    expect(byPath['pkg/src/NOTICE']).toMatchObject({ is_legal: true, is_key_file: false });
    expect(byPath['pkg/src/mod.py']).toMatchObject({ is_legal: false, is_manifest: false, is_key_file: false });
  });

  it('gives the walked records the same flags as classify over the whole list', () => {
    const again = classify(records);
    expect(again.map((r) => [r.path, r.is_top_level, r.is_key_file])).toEqual(records.map((r) => [r.path, r.is_top_level, r.is_key_file]));
    const main = records.find((r) => r.path === 'app/src/main.c');
    expect(main).toMatchObject({ programming_language: 'C', is_source: true, file_type: 'C source, ASCII text', mime_type: 'text/x-c' });
    // Pygments' Python analyser claims any text with "import " near the top; the .py name decides here.
    expect(records.find((r) => r.path === 'app/tests/test_main.py')?.programming_language).toBe('Python');
  });
});
