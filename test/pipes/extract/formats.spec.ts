import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { copyFile, mkdir, mkdtemp, readFile, readlink, rm, writeFile, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectArchive, extractArchive, extractTree, isArchive } from '../../../src/pipes/extract';
import { buildCpio } from './archive-builders';

const FIXTURES = join(__dirname, '../../fixtures/extract');
let dir: string;
let source: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scanloom-formats-'));
  source = join(dir, 'src');
  await mkdir(join(source, 'lib', 'deep'), { recursive: true });
  await writeFile(join(source, 'README.md'), '# demo\n');
  await writeFile(join(source, 'lib', 'index.js'), 'module.exports = 42;\n');
  await writeFile(join(source, 'lib', 'deep', 'data.bin'), Buffer.from([0, 1, 2, 3, 255]));
  execFileSync('ln', ['-s', '../README.md', join(source, 'lib', 'readme-link')]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectDemoTree(root: string): Promise<void> {
  expect(await readFile(join(root, 'README.md'), 'utf8')).toBe('# demo\n');
  expect(await readFile(join(root, 'lib', 'index.js'), 'utf8')).toBe('module.exports = 42;\n');
  expect([...(await readFile(join(root, 'lib', 'deep', 'data.bin')))]).toEqual([0, 1, 2, 3, 255]);
}

describe.each([
  ['demo.tar', ['-cf']],
  ['demo.tar.gz', ['-czf']],
  ['demo.tgz', ['-czf']],
  ['demo.tar.bz2', ['-cjf']],
  ['demo.tar.xz', ['-cJf']],
  ['demo.tar.zst', ['--zstd', '-cf']],
])('%s made by tar(1)', (name, flags) => {
  it('extracts files, folders and relative links', async () => {
    const archive = join(dir, name);
    execFileSync('tar', [...flags, archive, '-C', source, '.']);
    const target = join(dir, `${name}-out`);
    const result = await extractArchive(archive, target);
    expect(result.problems).toEqual([]);
    await expectDemoTree(target);
    expect(await readlink(join(target, 'lib', 'readme-link'))).toBe('../README.md');
    expect(result.bytes).toBe(7 + 21 + 5);
  });
});

describe('zip family made by 7-Zip', () => {
  it.each(['demo.zip', 'demo.jar', 'demo.whl', 'demo.nupkg'])('extracts %s', async (name) => {
    const archive = join(dir, name);
    execFileSync('7z', ['a', '-tzip', '-bd', archive, 'README.md', 'lib/index.js', 'lib/deep/data.bin'], { cwd: source });
    expect(await detectArchive(archive)).toBe('zip');
    const target = join(dir, `${name}-out`);
    const result = await extractArchive(archive, target);
    expect(result.problems).toEqual([]);
    await expectDemoTree(target);
  });

  it('extracts a 7z archive with the 7-Zip tool', async () => {
    const archive = join(dir, 'demo.7z');
    execFileSync('7z', ['a', '-t7z', '-bd', archive, 'README.md', 'lib/index.js', 'lib/deep/data.bin'], { cwd: source });
    const result = await extractArchive(archive, join(dir, '7z-out'));
    expect(result.problems).toEqual([]);
    await expectDemoTree(join(dir, '7z-out'));
  });
});

describe('single compressed files', () => {
  it.each([
    ['gzip', 'notes.txt.gz'],
    ['bzip2', 'notes.txt.bz2'],
    ['xz', 'notes.txt.xz'],
    ['zstd', 'notes.txt.zst'],
  ])('uncompresses %s into one file named without the suffix', async (tool, name) => {
    const plain = join(dir, `plain-${tool}`);
    await writeFile(plain, 'hello notes\n'.repeat(100));
    execFileSync('sh', ['-c', `${tool} -c "${plain}" > "${join(dir, name)}"`]);
    const target = join(dir, `${name}-extract`);
    const result = await extractArchive(join(dir, name), target);
    expect(result.problems).toEqual([]);
    expect(await readFile(join(target, 'notes.txt'), 'utf8')).toBe('hello notes\n'.repeat(100));
  });

  it('treats a gzip holding a tar as a tarball whatever its name', async () => {
    execFileSync('tar', ['-czf', join(dir, 'crate.crate'), '-C', source, '.']);
    expect(await detectArchive(join(dir, 'crate.crate'))).toBe('gz');
    const result = await extractArchive(join(dir, 'crate.crate'), join(dir, 'crate-out'));
    expect(result.problems).toEqual([]);
    await expectDemoTree(join(dir, 'crate-out'));
  });
});

describe('packages', () => {
  it('extracts a .deb built by dpkg-deb into its members, then recursively into the data tarball', async () => {
    const root = join(dir, 'debroot');
    await mkdir(join(root, 'DEBIAN'), { recursive: true });
    await mkdir(join(root, 'usr', 'share', 'doc', 'demo'), { recursive: true });
    await writeFile(join(root, 'DEBIAN', 'control'), 'Package: demo\nVersion: 1.0\nArchitecture: all\nMaintainer: A <a@b.c>\nDescription: demo\n');
    await writeFile(join(root, 'usr', 'share', 'doc', 'demo', 'copyright'), 'Copyright 2026 Demo\n');
    const tree = join(dir, 'debtree');
    await mkdir(tree);
    execFileSync('dpkg-deb', ['--build', '-Zxz', root, join(tree, 'demo_1.0_all.deb')], { stdio: 'ignore' });
    const result = await extractTree(tree);
    expect(result.problems).toEqual([]);
    expect(result.archives).toEqual([
      'demo_1.0_all.deb',
      'demo_1.0_all.deb-extract/control.tar.xz',
      'demo_1.0_all.deb-extract/data.tar.xz',
    ]);
    const doc = join(tree, 'demo_1.0_all.deb-extract/data.tar.xz-extract/usr/share/doc/demo/copyright');
    expect(await readFile(doc, 'utf8')).toBe('Copyright 2026 Demo\n');
    expect(await readFile(join(tree, 'demo_1.0_all.deb-extract/debian-binary'), 'utf8')).toBe('2.0\n');
  });

  it('extracts a Ruby .gem (a plain tar of gzipped parts) and the data tarball inside it', async () => {
    const parts = join(dir, 'gemparts');
    await mkdir(parts);
    execFileSync('tar', ['-czf', join(parts, 'data.tar.gz'), '-C', source, '.']);
    await writeFile(join(parts, 'metadata.gz'), gzipSync('--- !ruby/object:Gem::Specification\nname: demo\n'));
    const tree = join(dir, 'gemtree');
    await mkdir(tree);
    execFileSync('tar', ['-cf', join(tree, 'demo-1.0.gem'), '-C', parts, 'metadata.gz', 'data.tar.gz']);
    const result = await extractTree(tree);
    expect(result.problems).toEqual([]);
    expect(result.archives).toEqual([
      'demo-1.0.gem',
      'demo-1.0.gem-extract/data.tar.gz',
      'demo-1.0.gem-extract/metadata.gz',
    ]);
    await expectDemoTree(join(tree, 'demo-1.0.gem-extract/data.tar.gz-extract'));
    expect(await readFile(join(tree, 'demo-1.0.gem-extract/metadata.gz-extract/metadata'), 'utf8')).toContain('name: demo');
  });

  it('extracts the cpio payload of an RPM', async () => {
    const rpm = buildRpm(buildCpio([
      { name: './usr', type: 'dir' },
      { name: './usr/bin/tool', content: '#!/bin/sh\necho hi\n' },
      { name: './usr/lib/libx.so', type: 'symlink', link: 'libx.so.1' },
    ]));
    await writeFile(join(dir, 'tool-1.0-1.noarch.rpm'), rpm);
    expect(await isArchive(join(dir, 'tool-1.0-1.noarch.rpm'))).toBe(true);
    const result = await extractArchive(join(dir, 'tool-1.0-1.noarch.rpm'), join(dir, 'rpm-out'));
    expect(result.problems).toEqual([]);
    expect(await readFile(join(dir, 'rpm-out/usr/bin/tool'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(await readlink(join(dir, 'rpm-out/usr/lib/libx.so'))).toBe('libx.so.1');
  });

  it('extracts a tarball packed by npm and nests the ScanCode way', async () => {
    const tree = join(dir, 'npmtree');
    await mkdir(tree);
    await copyFile(join(FIXTURES, 'is-npm-1.0.0.tgz'), join(tree, 'is-npm-1.0.0.tgz'));
    const first = await extractTree(tree);
    expect(first).toEqual({ archives: ['is-npm-1.0.0.tgz'], problems: [] });
    const pkg = JSON.parse(await readFile(join(tree, 'is-npm-1.0.0.tgz-extract/package/package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'is-npm', version: '1.0.0' });
    // A second run finds the "-extract" folder and does nothing.
    expect(await extractTree(tree)).toEqual({ archives: [], problems: [] });
    await expect(lstat(join(tree, 'is-npm-1.0.0.tgz'))).resolves.toBeTruthy();
  });
});

describe('what is not an archive', () => {
  it('leaves text, JSON and unknown binary alone', async () => {
    expect(await isArchive(join(source, 'README.md'))).toBe(false);
    expect(await isArchive(join(source, 'lib', 'deep', 'data.bin'))).toBe(false);
    const result = await extractArchive(join(source, 'README.md'), join(dir, 'none'));
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'unsupported' })]);
  });
});

/** Returns a minimal RPM: lead, empty signature and main headers, then a gzip-compressed cpio payload. */
function buildRpm(cpio: Buffer): Buffer {
  const lead = Buffer.alloc(96);
  lead.writeUInt32BE(0xedabeedb, 0);
  const header = (): Buffer => {
    const h = Buffer.alloc(16);
    h.writeUInt32BE(0x8eade801, 0);
    return h;
  };
  return Buffer.concat([lead, header(), header(), gzipSync(cpio)]);
}
