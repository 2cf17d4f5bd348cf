import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractArchive } from '../../../src/pipes/extract';
import { detectDistro, findRootfs, parseOsRelease } from '../../../src/pipes/rootfs/distro';
import { ImageError, readImages } from '../../../src/pipes/rootfs/image';
import { applyLayer } from '../../../src/pipes/rootfs/layers';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rootfs-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function tree(dir: string, files: Record<string, string | { link: string }>): string {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string') {
      fs.writeFileSync(file, content);
    } else {
      fs.symlinkSync(content.link, file);
    }
  }
  return dir;
}

function listing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort();
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('layers applied in order', () => {
  it('deletes with whiteouts, hides with opaque folders and replaces lower entries', () => {
    const root = tree(path.join(work, 'root1'), { 'etc/a': 'a1', 'etc/b': 'b1', 'opt/keep/x': 'x', 'opt/old/y': 'y', 'usr/bin/tool': 'v1', bin: { link: 'usr/bin' } });
    const layer = tree(path.join(work, 'layer1'), {
      'etc/.wh.a': '',
      'opt/old/.wh..wh..opq': '',
      'opt/old/z': 'z',
      'usr/bin/tool': 'v2',
      // A folder where a lower layer had a symlink: the link goes, nothing is written through it.
      'bin/own': 'own',
      // `.wh...` names "..": it must not delete the folder above.
      'opt/keep/.wh...': '',
    });
    const changes = applyLayer(layer, root);
    expect(listing(root)).toEqual(['bin', 'bin/own', 'etc', 'etc/b', 'opt', 'opt/keep', 'opt/keep/x', 'opt/old', 'opt/old/z', 'usr', 'usr/bin', 'usr/bin/tool']);
    expect(fs.readFileSync(path.join(root, 'usr/bin/tool'), 'utf8')).toBe('v2');
    expect(fs.lstatSync(path.join(root, 'bin')).isDirectory()).toBe(true);
    expect(changes.removed.sort()).toEqual(['etc/a', 'opt/old/y']);
    expect(changes.written).toEqual(expect.arrayContaining(['usr/bin/tool', 'opt/old/z', 'bin/own']));
  });

  it('keeps the absolute links of a root filesystem archive inside it', async () => {
    const source = tree(path.join(work, 'abs-src'), { 'usr/bin/gawk': 'awk', 'etc/alternatives/awk': { link: '/usr/bin/gawk' }, 'usr/bin/awk': { link: '/etc/alternatives/awk' }, 'up': { link: '/../../../../etc' } });
    execFileSync('tar', ['-cf', path.join(work, 'abs.tar'), '-C', source, '.']);
    const target = path.join(work, 'abs-out');
    const plain = await extractArchive(path.join(work, 'abs.tar'), path.join(work, 'abs-plain'));
    expect(plain.problems.filter((p) => p.kind === 'link-outside')).toHaveLength(3);
    const result = await extractArchive(path.join(work, 'abs.tar'), target, {}, { rootfs: true });
    expect(result.problems).toEqual([]);
    expect(fs.readlinkSync(path.join(target, 'usr/bin/awk'))).toBe('../../etc/alternatives/awk');
    expect(fs.readFileSync(path.join(target, 'usr/bin/awk'), 'utf8')).toBe('awk');
    // "/.." is the root itself: the link stays inside.
    expect(fs.realpathSync(path.join(target, 'up'))).toBe(fs.realpathSync(path.join(target, 'etc')));
  });
});

describe('images', () => {
  it('reads an OCI image layout through a multi-platform index', async () => {
    const dir = path.join(work, 'oci');
    const blob = (content: string | Buffer) => {
      const digest = sha256(content);
      fs.mkdirSync(path.join(dir, 'blobs/sha256'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'blobs/sha256', digest), content);
      return { digest: `sha256:${digest}`, size: Buffer.byteLength(content) };
    };
    const layerSource = tree(path.join(work, 'oci-layer'), { 'etc/os-release': 'ID=alpine\nVERSION_ID=3.20.0\nPRETTY_NAME="Alpine Linux v3.20"\n' });
    execFileSync('tar', ['-czf', path.join(work, 'layer.tgz'), '-C', layerSource, '.']);
    const layer = blob(fs.readFileSync(path.join(work, 'layer.tgz')));
    const config = blob(JSON.stringify({ architecture: 'arm64', os: 'linux', variant: 'v8', history: [{ created_by: 'ADD alpine-minirootfs.tar.gz /' }] }));
    const manifest = blob(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { ...config, mediaType: 'application/vnd.oci.image.config.v1+json' }, layers: [{ ...layer, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }] }));
    const index = blob(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ ...manifest, mediaType: 'application/vnd.oci.image.manifest.v1+json', platform: { architecture: 'arm64', os: 'linux' } }] }));
    fs.writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion": "1.0.0"}');
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ ...index, mediaType: 'application/vnd.oci.image.index.v1+json', annotations: { 'org.opencontainers.image.ref.name': 'alpine:3.20' } }] }));
    const [image, ...others] = await readImages(dir);
    expect(others).toEqual([]);
    expect(image).toMatchObject({ image_id: config.digest.slice(7), tags: ['alpine:3.20'], architecture: 'arm64', os: 'linux', variant: 'v8' });
    expect(image?.layers).toEqual([expect.objectContaining({ layer_id: layer.digest.slice(7), size: layer.size, created_by: 'ADD alpine-minirootfs.tar.gz /' })]);
    const rootDir = path.join(work, 'oci-root');
    const layerDir = path.join(work, 'oci-layer-out');
    await extractArchive(image!.layers[0]!.archive, layerDir, {}, { rootfs: true });
    fs.mkdirSync(rootDir, { recursive: true });
    applyLayer(layerDir, rootDir);
    expect(detectDistro(rootDir)).toMatchObject({ identifier: 'alpine', version_id: '3.20.0', pretty_name: 'Alpine Linux v3.20' });
  });

  it('refuses manifests that name files outside the image or blobs that are missing', async () => {
    const dir = tree(path.join(work, 'bad'), { 'manifest.json': JSON.stringify([{ Config: 'c.json', Layers: ['../outside.tar'] }]), 'c.json': '{}' });
    await expect(readImages(dir)).rejects.toThrow(new ImageError('../outside.tar: a manifest names a file outside the image'));
    const missing = tree(path.join(work, 'missing'), { 'index.json': JSON.stringify({ manifests: [{ digest: `sha256:${'0'.repeat(64)}` }] }) });
    await expect(readImages(missing)).rejects.toThrow(/blobs\/sha256\/0{64}: the manifest names a file that is not in the image tarball/);
    const linked = tree(path.join(work, 'linked'), { 'manifest.json': JSON.stringify([{ Config: 'c.json', Layers: [] }]), 'c.json': { link: '/etc/passwd' } });
    await expect(readImages(linked)).rejects.toThrow(/c\.json: a manifest names a file outside the image/);
  });
});

describe('os-release', () => {
  it('parses quoted values and finds a root filesystem a few folders down', () => {
    expect(parseOsRelease('ID="debian"\nVERSION_ID=\'12\'\nNAME="Debian \\"GNU\\"/Linux"\n# comment\n')).toEqual({ ID: 'debian', VERSION_ID: '12', NAME: 'Debian "GNU"/Linux' });
    const dir = tree(path.join(work, 'nested'), { 'export/rootfs/etc/os-release': 'ID=ubuntu\n', 'export/readme': 'x' });
    expect(findRootfs(dir)).toBe('export/rootfs');
    expect(detectDistro(path.join(dir, 'export/rootfs'))?.identifier).toBe('ubuntu');
    expect(findRootfs(tree(path.join(work, 'plain'), { 'a/b.txt': 'x' }))).toBeNull();
  });
});
