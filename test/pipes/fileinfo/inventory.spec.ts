import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractArchive } from '../../../src/pipes/extract';
import { fileInfo, walkCodebase, type MagicEngine, type ResourceInfo } from '../../../src/pipes/fileinfo';

const FIXTURE = join(__dirname, '../../fixtures/fileinfo/semver-7.6.3.tgz');
/** A few of this machine's /usr/share/doc folders: text, gzip, HTML and scripts, ~250 files. */
const DOC_DIRS = ['gawk', 'bash', 'coreutils', 'socat', 'ucf', 'zlib1g-dev', 'libffi8'];
/** Debian links some doc folders to others; copied as they are, they stay links. */
const DOC_LINK = 'g++';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scanloom-inventory-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function walkAll(root: string, magicEngine: MagicEngine = 'auto'): Promise<ResourceInfo[]> {
  const records: ResourceInfo[] = [];
  for await (const batch of walkCodebase(root, { batchSize: 50, sha512: true, magicEngine })) {
    expect(batch.length).toBeLessThanOrEqual(50);
    records.push(...batch);
  }
  return records;
}

/** Runs a tool over the files (paths relative to root) and returns its first output column per file. */
function perFile(root: string, files: string[], command: string, args: string[]): string[] {
  const list = join(work, 'list.txt');
  execFileSync('sh', ['-c', `cat > "${list}"`], { input: files.join('\n') + '\n' });
  const out = execFileSync('sh', ['-c', `cd "${root}" && tr '\\n' '\\0' < "${list}" | xargs -0 ${command} ${args.join(' ')}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.trimEnd().split('\n').map((line) => line.split(/\s+/)[0] ?? '');
}

/** Checks every record of a tree against find, the *sum tools, git hash-object and file. */
async function compareWithTools(root: string): Promise<ResourceInfo[]> {
  const records = await walkAll(root);
  const found = execFileSync('find', ['.', '-mindepth', '1', '-printf', '%y %s %P\\n'], { cwd: root, encoding: 'utf8' })
    .trimEnd()
    .split('\n')
    .map((line) => line.split(' '));
  const kinds: Record<string, string> = { f: 'file', d: 'directory', l: 'symlink' };
  expect(records.map((r) => `${r.type} ${r.path}`).sort()).toEqual(found.map(([t, , ...p]) => `${kinds[t ?? '']} ${p.join(' ')}`).sort());

  const files = records.filter((r) => r.type === 'file');
  const paths = files.map((r) => r.path);
  const sizes = new Map(found.map(([, s, ...p]) => [p.join(' '), Number(s)]));
  expect(files.map((r) => r.size)).toEqual(paths.map((p) => sizes.get(p)));
  const nonEmpty = files.filter((r) => r.size! > 0);
  const nonEmptyPaths = nonEmpty.map((r) => r.path);
  expect(nonEmpty.map((r) => r.md5)).toEqual(perFile(root, nonEmptyPaths, 'md5sum', []));
  expect(nonEmpty.map((r) => r.sha1)).toEqual(perFile(root, nonEmptyPaths, 'sha1sum', []));
  expect(nonEmpty.map((r) => r.sha256)).toEqual(perFile(root, nonEmptyPaths, 'sha256sum', []));
  expect(nonEmpty.map((r) => r.sha512)).toEqual(perFile(root, nonEmptyPaths, 'sha512sum', []));
  expect(nonEmpty.map((r) => r.sha1_git)).toEqual(perFile(root, nonEmptyPaths, 'git', ['hash-object', '--no-filters']));
  expect(files.filter((r) => r.size === 0).every((r) => r.sha1 === null && r.file_type === 'empty')).toBe(true);
  return records;
}

/** Returns the share of files where our libmagic strings equal `file -b` and `file -b --mime-type`. */
function agreementWithFile(root: string, records: ResourceInfo[]): { types: number; mimes: number; differences: string[] } {
  const files = records.filter((r) => r.type === 'file');
  const list = join(work, 'magic-list.txt');
  execFileSync('sh', ['-c', `cat > "${list}"`], { input: files.map((r) => join(root, r.path)).join('\n') + '\n' });
  const types = execFileSync('file', ['-b', '-f', list], { encoding: 'utf8' }).split('\n');
  const mimes = execFileSync('file', ['-b', '--mime-type', '-f', list], { encoding: 'utf8' }).split('\n');
  const differences = files.filter((r, i) => r.file_type !== types[i]).map((r, i) => `${r.path}: ${r.file_type} / ${types[i]}`);
  return {
    types: files.filter((r, i) => r.file_type === types[i]).length / files.length,
    mimes: files.filter((r, i) => r.mime_type === mimes[i]).length / files.length,
    differences,
  };
}

describe('inventory of a real npm package (semver 7.6.3)', () => {
  let root: string;
  let records: ResourceInfo[];

  beforeAll(async () => {
    root = join(work, 'semver');
    const result = await extractArchive(FIXTURE, root);
    expect(result.problems).toEqual([]);
    records = await compareWithTools(root);
  });

  it('agrees with file(1) on every type and MIME type, with either libmagic engine', async () => {
    const agreement = agreementWithFile(root, records);
    expect(agreement.differences).toEqual([]);
    expect(agreement.mimes).toBe(1);
    const wasm = agreementWithFile(root, await walkAll(root, 'wasm'));
    expect(wasm.differences).toEqual([]);
    expect(wasm.mimes).toBe(1);
  });

  it('names languages as ScanCode (Pygments) does, only for source files', () => {
    const byPath = new Map(records.map((r) => [r.path, r]));
    expect(byPath.get('package/classes/semver.js')).toMatchObject({
      programming_language: 'JavaScript',
      is_source: true,
      is_text: true,
      is_binary: false,
      extension: '.js',
      parent_path: 'package/classes',
    });
    expect(byPath.get('package/package.json')).toMatchObject({ programming_language: null, is_source: false, file_type: 'JSON text data' });
    expect(byPath.get('package/README.md')).toMatchObject({ programming_language: null, is_source: false });
    const bin = byPath.get('package/bin/semver.js');
    expect(bin).toMatchObject({ is_script: true, programming_language: 'JavaScript' });
  });

  it('classifies key files under the real root "package/"', () => {
    const keyFiles = records.filter((r) => r.is_key_file).map((r) => r.path).sort();
    expect(keyFiles).toEqual(['package/LICENSE', 'package/README.md', 'package/package.json']);
    const byPath = new Map(records.map((r) => [r.path, r]));
    expect(byPath.get('package/LICENSE')).toMatchObject({ is_legal: true, is_top_level: true });
    expect(byPath.get('package/classes/semver.js')).toMatchObject({ is_top_level: false, is_key_file: false });
    expect(byPath.get('package')).toMatchObject({ type: 'directory', is_top_level: true, parent_path: '' });
  });

  it('sums the sizes of the files under each directory', () => {
    const files = records.filter((r) => r.type === 'file');
    const total = files.reduce((sum, r) => sum + (r.size ?? 0), 0);
    expect(records.find((r) => r.path === 'package')?.size).toBe(total);
    const classes = files.filter((r) => r.path.startsWith('package/classes/')).reduce((s, r) => s + (r.size ?? 0), 0);
    expect(records.find((r) => r.path === 'package/classes')?.size).toBe(classes);
  });
});

describe("inventory of this machine's /usr/share/doc", () => {
  it('matches find, the checksum tools, git and file(1) on real documentation folders', async () => {
    const root = join(work, 'doc');
    execFileSync('mkdir', ['-p', root]);
    for (const dir of [...DOC_DIRS, DOC_LINK]) {
      execFileSync('cp', ['-a', join('/usr/share/doc', dir), root]);
    }
    const records = await compareWithTools(root);
    expect(records.filter((r) => r.type === 'file').length).toBeGreaterThan(150);
    expect(records.some((r) => r.type === 'symlink' && r.status === 'symlink' && r.sha1 === null)).toBe(true);
    const gz = records.filter((r) => r.extension === '.gz');
    expect(gz.length).toBeGreaterThan(10);
    expect(gz.every((r) => r.is_archive && r.is_binary && r.mime_type === 'application/gzip')).toBe(true);
    const agreement = agreementWithFile(root, records);
    expect(agreement.differences).toEqual([]);
    expect(agreement.mimes).toBe(1);
    // The WASM libmagic is newer than Debian's file 5.44; a few rare types are named differently.
    const wasm = agreementWithFile(root, await walkAll(root, 'wasm'));
    expect(wasm.types).toBeGreaterThan(0.97);
    expect(wasm.mimes).toBeGreaterThan(0.97);
    const legal = records.filter((r) => r.name === 'copyright');
    expect(legal.length).toBe(DOC_DIRS.length);
    expect(legal.every((r) => r.is_legal && !r.is_top_level)).toBe(true);
  });
});

describe('single files and links', () => {
  it('computes the same record for one file as the walk, with git blob id and empty-file rules', async () => {
    const dir = join(work, 'single');
    execFileSync('mkdir', ['-p', dir]);
    await writeFile(join(dir, 'run'), '#!/usr/bin/env python3\nprint("hi")\n');
    await writeFile(join(dir, 'empty.py'), '');
    await symlink('/etc/passwd', join(dir, 'passwd-link'));
    const run = await fileInfo(join(dir, 'run'), dir);
    expect(run).toMatchObject({ path: 'run', programming_language: 'Python', is_script: true, is_source: true, sha512: null });
    const sha512 = execFileSync('sha512sum', [join(dir, 'run')], { encoding: 'utf8' }).split(' ')[0];
    expect((await fileInfo(join(dir, 'run'), dir, { sha512: true })).sha512).toBe(sha512);
    expect(run.sha1_git).toBe(execFileSync('git', ['hash-object', join(dir, 'run')], { encoding: 'utf8' }).trim());
    expect(await fileInfo(join(dir, 'empty.py'), dir)).toMatchObject({
      size: 0,
      md5: null,
      sha1_git: null,
      file_type: 'empty',
      mime_type: 'inode/x-empty',
      programming_language: 'Python',
    });
    // A link is recorded, never followed: nothing of /etc/passwd leaks into the record.
    expect(await fileInfo(join(dir, 'passwd-link'), dir)).toMatchObject({ type: 'symlink', status: 'symlink', size: null, sha1: null });
  });
});
