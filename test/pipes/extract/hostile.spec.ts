import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { extractArchive, extractTree, type ExtractLimits, type ExtractProblem } from '../../../src/pipes/extract';
import { buildAr, buildCpio, buildTar, buildZip, type RawEntry } from './archive-builders';

let sandbox: string;
let outside: string;

beforeEach(async () => {
  sandbox = await mkdtemp(join(tmpdir(), 'scanloom-hostile-'));
  outside = join(sandbox, 'outside');
});

afterEach(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

/** Lists every path under dir, relative to it. */
async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    out.push(rel);
    if (entry.isDirectory()) {
      out.push(...(await listTree(join(dir, entry.name), rel)));
    }
  }
  return out.sort();
}

/**
 * Extracts archive bytes into sandbox/work/target/ and checks the promise of the suite:
 * nothing appears anywhere but under target/, and exactly one problem is reported.
 */
async function extractHostile(
  name: string,
  bytes: Buffer,
  limits: Partial<ExtractLimits> = {},
): Promise<{ problem: ExtractProblem; files: string[] }> {
  const work = join(sandbox, 'work');
  const archive = join(work, name);
  await writeFile(join(sandbox, 'marker'), '');
  await rm(work, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(work, { recursive: true }));
  await writeFile(archive, bytes);
  const before = await listTree(sandbox);
  const result = await extractArchive(archive, join(work, 'target'), limits);
  const after = (await listTree(sandbox)).filter((p) => !p.startsWith(join('work', 'target')));
  expect(after).toEqual(before.filter((p) => !p.startsWith(join('work', 'target'))));
  expect(result.problems).toHaveLength(1);
  return { problem: result.problems[0]!, files: await listTree(join(work, 'target')) };
}

const evil = (): RawEntry => ({ name: '../outside/evil.txt', content: 'pwned' });

describe('hostile tar archives', () => {
  it('refuses ../ paths and keeps the good entries', async () => {
    const { problem, files } = await extractHostile('a.tar', buildTar([evil(), { name: 'ok.txt', content: 'fine' }]));
    expect(problem).toMatchObject({ kind: 'path-traversal', entry: '../outside/evil.txt' });
    expect(files).toEqual(['ok.txt']);
  });

  it('strips absolute paths so they land inside the target', async () => {
    const absolute = join(outside, 'abs.txt');
    const { problem, files } = await extractHostile('a.tar', buildTar([{ name: absolute, content: 'x' }]));
    expect(problem.kind).toBe('absolute-path');
    expect(problem.severity).toBe('warning');
    await expect(lstat(absolute)).rejects.toThrow();
    expect(files).toContain(join(absolute.slice(1)));
  });

  it('refuses a symlink to an absolute path outside', async () => {
    const { problem, files } = await extractHostile('a.tar', buildTar([{ name: 'etc', type: 'symlink', link: '/etc' }]));
    expect(problem.kind).toBe('link-outside');
    expect(files).toEqual([]);
  });

  it('refuses a relative symlink climbing out', async () => {
    const tar = buildTar([{ name: 'a/up', type: 'symlink', link: '../../outside' }]);
    const { problem } = await extractHostile('a.tar', tar);
    expect(problem).toMatchObject({ kind: 'link-outside', entry: 'a/up' });
  });

  it('refuses the symlink-then-file trick', async () => {
    const tar = buildTar([
      { name: 'link', type: 'symlink', link: sandbox },
      { name: 'link/outside/evil.txt', content: 'pwned' },
    ]);
    const { problem, files } = await extractHostile('a.tar', tar);
    expect(problem.kind).toBe('link-outside');
    // The file lands in a real folder named "link" inside the target.
    expect(files).toContain(join('link', 'outside', 'evil.txt'));
  });

  it('refuses writing through a symlink that points inside', async () => {
    const tar = buildTar([
      { name: 'sub', type: 'dir' },
      { name: 'ln', type: 'symlink', link: 'sub' },
      { name: 'ln/file.txt', content: 'x' },
    ]);
    const { problem, files } = await extractHostile('a.tar', tar);
    expect(problem).toMatchObject({ kind: 'through-symlink', entry: 'ln/file.txt' });
    expect(files).toEqual(['ln', 'sub']);
  });

  it('refuses a symlink whose target climbs back out through another link', async () => {
    const tar = buildTar([
      { name: 'a/b', type: 'dir' },
      { name: 'a/b/c', type: 'symlink', link: '..' },
      { name: 'esc', type: 'symlink', link: 'a/b/c/../..' },
    ]);
    const { problem, files } = await extractHostile('a.tar', tar);
    expect(problem).toMatchObject({ kind: 'link-outside', entry: 'esc' });
    expect(files).toEqual(['a', join('a', 'b'), join('a', 'b', 'c')]);
  });

  it('refuses hard links to files outside', async () => {
    const { problem } = await extractHostile('a.tar', buildTar([{ name: 'hl', type: 'hardlink', link: '../../../etc/passwd' }]));
    expect(problem.kind).toBe('link-outside');
  });

  it('refuses hard links with absolute targets', async () => {
    const { problem, files } = await extractHostile('a.tar', buildTar([{ name: 'hl', type: 'hardlink', link: '/etc/passwd' }]));
    expect(problem.kind).toBe('link-outside');
    expect(files).toEqual([]);
  });

  it('skips device files and fifos', async () => {
    const dev = await extractHostile('a.tar', buildTar([{ name: 'null', type: 'chardev' }, { name: 'ok', content: 'x' }]));
    expect(dev.problem.kind).toBe('special-file');
    expect(dev.files).toEqual(['ok']);
    const fifo = await extractHostile('b.tar', buildTar([{ name: 'pipe', type: 'fifo' }]));
    expect(fifo.problem.kind).toBe('special-file');
  });

  it('stops a gzip bomb at the total size limit', async () => {
    const bomb = gzipSync(buildTar([{ name: 'zeros', content: Buffer.alloc(24 * 1024 * 1024) }]));
    const { problem, files } = await extractHostile('bomb.tar.gz', bomb, { maxTotalSize: 4 * 1024 * 1024 });
    expect(problem.kind).toBe('size-limit');
    expect(files).toEqual([]);
  });

  it('stops at the compression ratio limit', async () => {
    const bomb = gzipSync(buildTar([{ name: 'zeros', content: Buffer.alloc(8 * 1024 * 1024) }]));
    const { problem } = await extractHostile('ratio.tgz', bomb, { maxRatio: 100 });
    expect(problem.kind).toBe('ratio-limit');
  });

  it('stops at the entry count limit', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, content: `${i}` }));
    const { problem, files } = await extractHostile('many.tar', buildTar(many), { maxEntries: 10 });
    expect(problem.kind).toBe('entry-limit');
    expect(files).toHaveLength(10);
  });

  it('extracts what it can from a truncated tar.gz', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ name: `f${i}.txt`, content: `file ${i}\n`.repeat(200) }));
    const whole = gzipSync(buildTar(entries));
    const { problem, files } = await extractHostile('cut.tar.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(problem.kind).toBe('corrupt');
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThan(20);
  });
});

describe('hostile zip archives', () => {
  it('refuses ../ paths and keeps the rest', async () => {
    const { problem, files } = await extractHostile('a.zip', buildZip([evil(), { name: 'ok.txt', content: 'ok' }]));
    expect(problem.kind).toBe('path-traversal');
    expect(files).toEqual(['ok.txt']);
  });

  it('refuses backslash traversal written on Windows', async () => {
    const { problem } = await extractHostile('a.zip', buildZip([{ name: '..\\..\\outside\\evil.txt', content: 'x' }]));
    expect(problem.kind).toBe('path-traversal');
  });

  it('strips absolute paths', async () => {
    const absolute = join(outside, 'abs.txt');
    const { problem } = await extractHostile('a.zip', buildZip([{ name: absolute, content: 'x' }]));
    expect(problem.kind).toBe('absolute-path');
    await expect(lstat(absolute)).rejects.toThrow();
  });

  it('refuses symlinks pointing outside', async () => {
    const { problem, files } = await extractHostile('a.zip', buildZip([{ name: 'passwd', type: 'symlink', link: '/etc/passwd' }]));
    expect(problem.kind).toBe('link-outside');
    expect(files).toEqual([]);
  });

  it('refuses the symlink-then-file trick', async () => {
    const zip = buildZip([
      { name: 'sub', type: 'dir' },
      { name: 'ln', type: 'symlink', link: 'sub' },
      { name: 'ln/x.txt', content: 'x' },
    ]);
    const { problem } = await extractHostile('a.zip', zip);
    expect(problem).toMatchObject({ kind: 'through-symlink', entry: 'ln/x.txt' });
  });

  it('stops a zip bomb at the size limit', async () => {
    const zip = buildZip([{ name: 'zeros', content: Buffer.alloc(24 * 1024 * 1024) }]);
    const { problem, files } = await extractHostile('bomb.zip', zip, { maxTotalSize: 4 * 1024 * 1024 });
    expect(problem.kind).toBe('size-limit');
    expect(files).toEqual([]);
  });

  it('salvages the entries before the cut of a truncated zip', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, content: `${i}: ${'x'.repeat(i * 7919 % 4096)}\n`.repeat(40) }));
    const zip = buildZip(entries);
    const { problem, files } = await extractHostile('cut.zip', zip.subarray(0, Math.floor(zip.length * 0.6)));
    expect(problem.kind).toBe('corrupt');
    expect(problem.message).toMatch(/extracted what 7-Zip could read/);
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThan(6);
  });
});

describe('hostile ar, cpio and single-file archives', () => {
  it('refuses ../ member names in a .deb', async () => {
    const deb = buildAr([{ name: 'debian-binary', content: '2.0\n' }, { name: '../evil', content: 'x' }]);
    const { problem, files } = await extractHostile('p.deb', deb);
    expect(problem.kind).toBe('path-traversal');
    expect(files).toEqual(['debian-binary']);
  });

  it('refuses traversal and fifos in cpio', async () => {
    const { problem } = await extractHostile('a.cpio', buildCpio([evil()]));
    expect(problem.kind).toBe('path-traversal');
    const fifo = await extractHostile('b.cpio', buildCpio([{ name: 'p', type: 'fifo' }, { name: 'ok', content: 'x' }]));
    expect(fifo.problem.kind).toBe('special-file');
    expect(fifo.files).toEqual(['ok']);
  });

  it('stops a single-file gzip bomb while streaming', async () => {
    const { problem, files } = await extractHostile('zeros.bin.gz', gzipSync(Buffer.alloc(24 * 1024 * 1024)), {
      maxTotalSize: 4 * 1024 * 1024,
    });
    expect(problem.kind).toBe('size-limit');
    expect(files).toEqual([]);
  });
});

describe('hostile nesting', () => {
  it('reports a traversal inside a zip inside a tar.gz against the inner archive', async () => {
    const inner = buildZip([evil(), { name: 'ok.txt', content: 'ok' }]);
    await writeFile(join(sandbox, 'outer.tar.gz'), gzipSync(buildTar([{ name: 'lib/inner.zip', content: inner }])));
    const result = await extractTree(sandbox);
    expect(result.problems).toEqual([expect.objectContaining({ archive: 'outer.tar.gz-extract/lib/inner.zip', kind: 'path-traversal' })]);
    await expect(lstat(join(sandbox, 'outer.tar.gz-extract/lib/inner.zip-extract/ok.txt'))).resolves.toBeTruthy();
    await expect(lstat(join(sandbox, 'outer.tar.gz-extract/lib/outside'))).rejects.toThrow();
  });

  it('stops archives nested deeper than the depth limit', async () => {
    let bytes = buildZip([{ name: 'core.txt', content: 'core' }]);
    for (let level = 0; level < 4; level++) {
      bytes = buildZip([{ name: `level${level}.zip`, content: bytes }]);
    }
    await writeFile(join(sandbox, 'nest.zip'), bytes);
    const result = await extractTree(sandbox, { limits: { maxDepth: 2 } });
    expect(result.archives).toHaveLength(2);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'depth-limit' })]);
  });

  it('counts the size limit across nested archives (a nested bomb)', async () => {
    const layer = buildZip([{ name: 'zeros', content: Buffer.alloc(6 * 1024 * 1024) }]);
    const outer = buildZip([
      { name: 'a.zip', content: layer },
      { name: 'b.zip', content: layer },
    ]);
    await writeFile(join(sandbox, 'nested-bomb.zip'), outer);
    const result = await extractTree(sandbox, { limits: { maxTotalSize: 10 * 1024 * 1024, maxRatio: 1e9 } });
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'size-limit', archive: 'nested-bomb.zip-extract/b.zip' })]);
    expect(await readFile(join(sandbox, 'nested-bomb.zip-extract/a.zip-extract/zeros'))).toHaveLength(6 * 1024 * 1024);
  });
});

/**
 * Builds a 7z archive with the 7-Zip tool: `files` are created (a `->` value makes a
 * symlink), added in order with links kept, then entries are renamed to hostile names.
 */
async function build7z(files: [string, string][], renames: [string, string][] = []): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'scanloom-7z-'));
  try {
    for (const [name, content] of files) {
      await mkdir(dirname(join(dir, 'src', name)), { recursive: true });
      if (content.startsWith('->')) {
        await symlink(content.slice(2), join(dir, 'src', name));
      } else {
        await writeFile(join(dir, 'src', name), content);
      }
    }
    const archive = join(dir, 'a.7z');
    execFileSync('7z', ['a', '-t7z', '-bd', '-snl', archive, ...files.map(([name]) => name)], { cwd: join(dir, 'src'), stdio: 'ignore' });
    for (const [from, to] of renames) {
      execFileSync('7z', ['rn', '-bd', archive, from, to], { stdio: 'ignore' });
    }
    return await readFile(archive);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('hostile 7z archives', () => {
  it('refuses ../ paths and keeps the rest', async () => {
    const bytes = await build7z([['ok.txt', 'ok'], ['evil.txt', 'pwned']], [['evil.txt', '../outside/evil.txt']]);
    const { problem, files } = await extractHostile('a.7z', bytes);
    expect(problem.kind).toBe('path-traversal');
    expect(files).toEqual(['ok.txt']);
  });

  it('refuses absolute paths', async () => {
    const bytes = await build7z([['ok.txt', 'ok'], ['abs.txt', 'x']], [['abs.txt', join(outside, 'abs.txt')]]);
    const { problem } = await extractHostile('a.7z', bytes);
    expect(problem.kind).toBe('absolute-path');
    await expect(lstat(join(outside, 'abs.txt'))).rejects.toThrow();
  });

  it('refuses a symlink pointing outside', async () => {
    const { problem, files } = await extractHostile('a.7z', await build7z([['passwd', '->/etc/passwd'], ['ok.txt', 'ok']]));
    expect(problem.kind).toBe('link-outside');
    expect(files).toEqual(['ok.txt']);
  });

  it('refuses the symlink-then-file trick', async () => {
    await mkdir(outside, { recursive: true });
    const bytes = await build7z([['ln', `->${outside}`], ['real/x.txt', 'pwned']], [['real/x.txt', 'ln/x.txt']]);
    const { problem } = await extractHostile('a.7z', bytes);
    expect(['link-outside', 'through-symlink']).toContain(problem.kind);
    await expect(lstat(join(outside, 'x.txt'))).rejects.toThrow();
  });

  it('stops a 7z bomb at the size limit before writing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scanloom-7z-'));
    await writeFile(join(dir, 'zeros'), Buffer.alloc(24 * 1024 * 1024));
    execFileSync('7z', ['a', '-t7z', '-bd', join(dir, 'bomb.7z'), 'zeros'], { cwd: dir, stdio: 'ignore' });
    const bytes = await readFile(join(dir, 'bomb.7z'));
    await rm(dir, { recursive: true, force: true });
    const { problem, files } = await extractHostile('bomb.7z', bytes, { maxTotalSize: 4 * 1024 * 1024 });
    expect(problem.kind).toBe('size-limit');
    expect(files).toEqual([]);
  });

  it('reports a truncated 7z as damaged', async () => {
    const entries: [string, string][] = Array.from({ length: 6 }, (_, i) => [`f${i}.txt`, `${i}: ${'y'.repeat((i * 7919) % 4096)}\n`.repeat(40)]);
    const bytes = await build7z(entries);
    const { problem } = await extractHostile('cut.7z', bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(problem.kind).toBe('corrupt');
  });
});
