import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, makeTempDir } from '../support/db';
import { isFinished, waitForRun, type RunBody } from '../support/runs';

interface Installed {
  name: string;
  version: string;
  arch: string;
  files: string[];
}

const PREFERRED = ['sed', 'hostname', 'gzip', 'debianutils', 'grep', 'tar'];
const LICENSE_TEXT = fs.readFileSync(path.resolve(__dirname, '../../node_modules/semver/LICENSE'), 'utf8');

/** A few packages installed on this machine, with their version, architecture and installed files. */
function pickInstalled(): Installed[] {
  const rows = execFileSync('dpkg-query', ['-W', '-f', '${db:Status-Status}\\t${Package}\\t${Version}\\t${Architecture}\\n'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([status]) => status === 'installed');
  const picked: Installed[] = [];
  for (const name of PREFERRED) {
    const row = rows.find(([, n]) => n === name);
    const md5sums = `/var/lib/dpkg/info/${name}.md5sums`;
    if (!row || !fs.existsSync(md5sums) || !fs.existsSync(`/usr/share/doc/${name}/copyright`)) {
      continue;
    }
    const files = fs
      .readFileSync(md5sums, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.replace(/^[0-9a-f]{32}\s+/, ''));
    if (files.every((f) => fs.existsSync(`/${f}`))) {
      picked.push({ name, version: row[2]!, arch: row[3]!, files });
    }
    if (picked.length === 4) {
      break;
    }
  }
  return picked;
}

/**
 * A slice of this machine's root filesystem: os-release, the dpkg database cut down to the picked
 * packages, their installed files (usr-merged, with the /bin -> usr/bin links), and two files of
 * our own: a license text and a copy of a package's program somewhere else.
 */
function buildSlice(packages: Installed[], dir: string): void {
  const status = fs
    .readFileSync('/var/lib/dpkg/status', 'utf8')
    .split(/\n\n+/)
    .filter((paragraph) => packages.some((p) => new RegExp(`^Package: ${p.name}$`, 'm').test(paragraph)));
  const put = (rel: string, content: Buffer | string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  put('etc/os-release', fs.readFileSync('/etc/os-release'));
  put('var/lib/dpkg/status', `${status.join('\n\n')}\n`);
  for (const pkg of packages) {
    for (const ext of ['md5sums', 'list']) {
      put(`var/lib/dpkg/info/${pkg.name}.${ext}`, fs.readFileSync(`/var/lib/dpkg/info/${pkg.name}.${ext}`));
    }
    for (const file of pkg.files) {
      // The real place of a file listed under a usr-merged link (/bin/sed is /usr/bin/sed).
      put(path.relative('/', fs.realpathSync(`/${file}`)), fs.readFileSync(`/${file}`));
    }
  }
  for (const link of ['bin', 'sbin', 'lib']) {
    if (fs.lstatSync(`/${link}`).isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(`/${link}`), path.join(dir, link));
    }
  }
  put('opt/app/LICENSE', LICENSE_TEXT);
  put('opt/copy/program', fs.readFileSync(fs.realpathSync(`/${packages[0]!.files.find((f) => /bin\//.test(f))}`)));
}

async function runWith(t: TestApp, name: string, pipeline: string, file: string): Promise<{ uuid: string; run: RunBody }> {
  const created = await request(t.url).post('/api/projects/').field('name', name).field('pipeline', pipeline).field('execute_now', 'true').attach('upload_file', file).expect(201);
  const run = await waitForRun(t, created.body.runs[0].uuid as string, isFinished, 240_000);
  return { uuid: created.body.uuid as string, run };
}

async function all<T>(t: TestApp, url: string): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; ; page++) {
    const body = (await request(t.url).get(`${url}?page_size=100&page=${page}`).expect(200)).body as { results: T[]; next: string | null };
    rows.push(...body.results);
    if (!body.next) {
      return rows;
    }
  }
}

interface Resource {
  path: string;
  status: string;
  tag: string;
  for_packages: string[];
  [key: string]: unknown;
}
interface Package {
  purl: string;
  name: string;
  version: string;
  qualifiers: string;
  package_uid: string;
  declared_license_expression: string;
  declared_license_expression_spdx: string;
  missing_resources: string[];
  tag: string;
}

const tar = (dir: string, file: string) => execFileSync('tar', ['-cf', file, '-C', dir, '.']);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describeWithDb('root filesystems and container images', () => {
  let t: TestApp;
  let packages: Installed[];
  let work: string;

  beforeAll(async () => {
    t = await startTestApp();
    packages = pickInstalled();
    work = makeTempDir();
  });

  afterAll(async () => {
    await t?.close();
  });

  function expectPackages(found: Package[]): void {
    expect(found.map((p) => [p.name, p.version, p.qualifiers]).sort()).toEqual(packages.map((p) => [p.name, p.version, `arch=${p.arch}`]).sort());
    for (const p of found) {
      expect(p.purl).toMatch(new RegExp(`^pkg:deb/debian/${p.name}@`));
      expect({ name: p.name, license: p.declared_license_expression }).toEqual({ name: p.name, license: expect.stringMatching(/\S/) });
      expect({ name: p.name, missing: p.missing_resources }).toEqual({ name: p.name, missing: [] });
    }
    expect(found.find((p) => p.name === 'sed')?.declared_license_expression_spdx ?? 'GPL-3.0-or-later').toContain('GPL-3.0-or-later');
  }

  it('analyze_root_filesystem_or_vm_image: system packages with their files, the rest scanned', async () => {
    expect(packages.length).toBeGreaterThanOrEqual(3);
    const slice = path.join(work, 'slice');
    buildSlice(packages, slice);
    tar(slice, path.join(work, 'rootfs.tar'));
    const { uuid, run } = await runWith(t, 'debian slice', 'analyze_root_filesystem_or_vm_image', path.join(work, 'rootfs.tar'));
    expect({ status: run.status, output: run.task_output }).toEqual({ status: 'success', output: '' });

    const project = (await request(t.url).get(`/api/projects/${uuid}/`).expect(200)).body;
    expect(project.extra_data.root_filesystems).toEqual([
      expect.objectContaining({ name: 'rootfs.tar-extract', distro: expect.objectContaining({ identifier: 'debian', version_id: fs.readFileSync('/etc/os-release', 'utf8').match(/^VERSION_ID="?([^"\n]+)/m)?.[1] }) }),
    ]);
    const found = await all<Package>(t, `/api/projects/${uuid}/packages/`);
    expectPackages(found);

    const resources = await all<Resource>(t, `/api/projects/${uuid}/resources/`);
    const byPath = new Map(resources.map((r) => [r.path, r]));
    for (const pkg of packages) {
      const uid = found.find((p) => p.name === pkg.name)!.package_uid;
      for (const file of pkg.files) {
        const real = path.relative('/', fs.realpathSync(`/${file}`));
        expect({ file: real, ...pick(byPath.get(`rootfs.tar-extract/${real}`)) }).toEqual({ file: real, status: 'system-package', for_packages: [uid] });
      }
    }
    const program = byPath.get('rootfs.tar-extract/opt/copy/program');
    expect(program).toMatchObject({ status: 'system-package' });
    expect(program?.for_packages).toEqual([found.find((p) => p.name === packages[0]!.name)!.package_uid]);
    expect(byPath.get('rootfs.tar-extract/etc/os-release')?.status).toBe('ignored-not-interesting');
    expect(byPath.get('rootfs.tar-extract/opt/app/LICENSE')).toMatchObject({ status: 'scanned', detected_license_expression: 'isc' });
    expect(resources.filter((r) => r.status === '')).toEqual([]);
  }, 300_000);

  it('analyze_docker_image: a docker save tarball gives the same packages, the image metadata and the layer of each file', async () => {
    // Layer 1: the slice with a file that layer 2 deletes; layer 2: our own files and the whiteout.
    const lower = path.join(work, 'layer1');
    buildSlice(packages, lower);
    fs.rmSync(path.join(lower, 'opt'), { recursive: true });
    fs.mkdirSync(path.join(lower, 'opt/old'), { recursive: true });
    fs.writeFileSync(path.join(lower, 'opt/old/cache.bin'), 'deleted later');
    fs.writeFileSync(path.join(lower, 'opt/gone.txt'), 'deleted later');
    const upper = path.join(work, 'layer2');
    fs.mkdirSync(path.join(upper, 'opt/app'), { recursive: true });
    fs.mkdirSync(path.join(upper, 'opt/old'), { recursive: true });
    fs.writeFileSync(path.join(upper, 'opt/app/LICENSE'), LICENSE_TEXT);
    fs.writeFileSync(path.join(upper, 'opt/.wh.gone.txt'), '');
    fs.writeFileSync(path.join(upper, 'opt/old/.wh..wh..opq'), '');
    fs.writeFileSync(path.join(upper, 'opt/old/new.txt'), 'fresh');

    const image = path.join(work, 'image');
    fs.mkdirSync(path.join(image, 'l1'), { recursive: true });
    fs.mkdirSync(path.join(image, 'l2'), { recursive: true });
    tar(lower, path.join(image, 'l1/layer.tar'));
    tar(upper, path.join(image, 'l2/layer.tar'));
    const config = {
      architecture: 'amd64',
      os: 'linux',
      created: '2024-05-01T10:00:00Z',
      config: { Labels: { maintainer: 'qa' } },
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(path.join(image, 'l1/layer.tar'))}`, `sha256:${sha256(path.join(image, 'l2/layer.tar'))}`] },
      history: [
        { created: '2024-05-01T09:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:slice in /' },
        { created: '2024-05-01T09:30:00Z', created_by: '/bin/sh -c #(nop)  ENV A=1', empty_layer: true },
        { created: '2024-05-01T10:00:00Z', created_by: '/bin/sh -c rm /opt/gone.txt && add license' },
      ],
    };
    fs.writeFileSync(path.join(image, 'config.json'), JSON.stringify(config));
    const configId = sha256(path.join(image, 'config.json'));
    fs.renameSync(path.join(image, 'config.json'), path.join(image, `${configId}.json`));
    fs.writeFileSync(path.join(image, 'manifest.json'), JSON.stringify([{ Config: `${configId}.json`, RepoTags: ['scanloom/slice:1.0'], Layers: ['l1/layer.tar', 'l2/layer.tar'] }]));
    const tarball = path.join(work, 'slice-image.tar');
    tar(image, tarball);

    const { uuid, run } = await runWith(t, 'debian slice image', 'analyze_docker_image', tarball);
    expect({ status: run.status, output: run.task_output }).toEqual({ status: 'success', output: '' });
    const project = (await request(t.url).get(`/api/projects/${uuid}/`).expect(200)).body;
    const [info] = project.extra_data.images as Record<string, unknown>[];
    const layer1 = sha256(path.join(image, 'l1/layer.tar'));
    const layer2 = sha256(path.join(image, 'l2/layer.tar'));
    const tag1 = `img-${configId.slice(0, 6)}-layer-01-${layer1.slice(0, 6)}`;
    const tag2 = `img-${configId.slice(0, 6)}-layer-02-${layer2.slice(0, 6)}`;
    expect(info).toMatchObject({
      image_id: configId,
      tags: ['scanloom/slice:1.0'],
      architecture: 'amd64',
      os: 'linux',
      created: '2024-05-01T10:00:00Z',
      labels: { maintainer: 'qa' },
      distro: expect.objectContaining({ identifier: 'debian', architecture: 'amd64' }),
      layers: [
        expect.objectContaining({ layer_id: layer1, layer_tag: tag1, created_by: '/bin/sh -c #(nop) ADD file:slice in /' }),
        expect.objectContaining({ layer_id: layer2, layer_tag: tag2, created_by: '/bin/sh -c rm /opt/gone.txt && add license' }),
      ],
    });

    const found = await all<Package>(t, `/api/projects/${uuid}/packages/`);
    expectPackages(found);
    expect(new Set(found.map((p) => p.tag))).toEqual(new Set([tag1]));

    const resources = await all<Resource>(t, `/api/projects/${uuid}/resources/`);
    const byPath = new Map(resources.map((r) => [r.path.replace(/^slice-image\.tar-extract\//, ''), r]));
    const sedFile = packages[0]!.files.map((f) => path.relative('/', fs.realpathSync(`/${f}`))).find((f) => /bin\//.test(f))!;
    expect(byPath.get(sedFile)).toMatchObject({ tag: tag1, status: 'system-package' });
    expect(byPath.get('opt/app/LICENSE')).toMatchObject({ tag: tag2, status: 'scanned', detected_license_expression: 'isc' });
    expect(byPath.get('opt/old/new.txt')).toMatchObject({ tag: tag2 });
    // Deleted by a whiteout and hidden by an opaque folder: not in the image any more.
    expect(byPath.has('opt/gone.txt')).toBe(false);
    expect(byPath.has('opt/old/cache.bin')).toBe(false);
    expect([...byPath.keys()].filter((p) => p.includes('.wh.'))).toEqual([]);
  }, 300_000);

  it('fails clearly on an image tarball without images and on a manifest naming files outside it', async () => {
    const notImage = path.join(work, 'plain.tar');
    const plain = path.join(work, 'plain');
    fs.mkdirSync(plain, { recursive: true });
    fs.writeFileSync(path.join(plain, 'readme.txt'), 'hello');
    tar(plain, notImage);
    const none = await runWith(t, 'not an image', 'analyze_docker_image', notImage);
    expect(none.run.status).toBe('failure');
    expect(none.run.task_output).toMatch(/^No images found/);

    const hostile = path.join(work, 'hostile');
    fs.mkdirSync(hostile, { recursive: true });
    fs.writeFileSync(path.join(hostile, 'manifest.json'), JSON.stringify([{ Config: '../../../../etc/passwd', Layers: [] }]));
    tar(hostile, path.join(work, 'hostile.tar'));
    const refused = await runWith(t, 'hostile image', 'analyze_docker_image', path.join(work, 'hostile.tar'));
    expect(refused.run.status).toBe('failure');
    expect(refused.run.task_output).toMatch(/^hostile\.tar: \.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd: a manifest names a file outside the image/);
  });
});

function pick(resource: Resource | undefined): { status?: string; for_packages?: string[] } {
  return resource ? { status: resource.status, for_packages: resource.for_packages } : {};
}
