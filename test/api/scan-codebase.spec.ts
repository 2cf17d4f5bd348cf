import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DiscoveredLicense } from '../../src/results/discovered-license.entity';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, makeTempDir } from '../support/db';
import { isFinished, waitForRun } from '../support/runs';

interface ResourceBody {
  path: string;
  type: string;
  status: string;
  size: number | null;
  sha1: string;
  sha256: string;
  sha512: string;
  md5: string;
  is_text: boolean;
  programming_language: string;
}

describeWithDb('scan_codebase: inventory of an uploaded archive', () => {
  let t: TestApp;
  let uuid: string;
  let resources: ResourceBody[];
  let codebase: string;

  beforeAll(async () => {
    t = await startTestApp();
    // A real npm package, plus an empty file, a file to ignore and a corrupt archive.
    const src = makeTempDir();
    fs.cpSync(path.resolve(__dirname, '../../node_modules/semver'), path.join(src, 'semver'), { recursive: true });
    fs.writeFileSync(path.join(src, 'semver', 'EMPTY.txt'), '');
    fs.mkdirSync(path.join(src, 'semver', 'tests'));
    fs.writeFileSync(path.join(src, 'semver', 'tests', 'skip.js'), 'module.exports = 1;\n');
    fs.writeFileSync(path.join(src, 'semver', 'broken.zip'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
    const tarball = path.join(src, 'semver-pkg.tgz');
    execFileSync('tar', ['-czf', tarball, '-C', src, 'semver']);

    const created = await request(t.url)
      .post('/api/projects/')
      .field('name', 'semver scan')
      .field('pipeline', 'scan_codebase')
      .field('execute_now', 'true')
      .field('settings', JSON.stringify({ ignored_patterns: ['*/tests/*'] }))
      .attach('upload_file', tarball)
      .expect(201);
    uuid = created.body.uuid;
    const run = await waitForRun(t, created.body.runs[0].uuid, isFinished, 60_000);
    expect(run.status).toBe('success');
    resources = [];
    let next: string | null = `/api/projects/${uuid}/resources/?cursor=&page_size=100`;
    while (next) {
      const page: request.Response = await request(t.url).get(next.replace(t.url, '')).expect(200);
      resources.push(...page.body.results);
      next = page.body.next;
    }
    const projectDir = fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.startsWith('semver-scan-'))!;
    codebase = path.join(t.workspace, 'projects', projectDir, 'codebase');
  });
  afterAll(async () => {
    await t.close();
  });

  it('records every file, directory and symlink that find(1) sees', () => {
    const found = execFileSync('find', ['.', '-mindepth', '1'], { cwd: codebase, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((p) => p.slice(2))
      .sort();
    expect(resources.map((r) => r.path).sort()).toEqual(found);
    const files = execFileSync('find', ['.', '-type', 'f'], { cwd: codebase, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(resources.filter((r) => r.type === 'file')).toHaveLength(files.length);
    expect(resources.find((r) => r.path === 'semver-pkg.tgz-extract/semver/package.json')).toBeDefined();
  });

  it('stores the digests md5sum, sha1sum, sha256sum and sha512sum compute', () => {
    for (const r of resources.filter((x) => x.type === 'file' && x.size)) {
      const data = fs.readFileSync(path.join(codebase, r.path));
      expect([r.path, r.sha1, r.sha256, r.sha512, r.md5]).toEqual([
        r.path,
        createHash('sha1').update(data).digest('hex'),
        createHash('sha256').update(data).digest('hex'),
        createHash('sha512').update(data).digest('hex'),
        createHash('md5').update(data).digest('hex'),
      ]);
    }
  });

  it('detects the license of the package in its LICENSE file, with the match details', async () => {
    const declared = JSON.parse(fs.readFileSync(path.join(codebase, 'semver-pkg.tgz-extract/semver/package.json'), 'utf8')).license as string;
    const res = await request(t.url).get(`/api/projects/${uuid}/resources/?path=semver-pkg.tgz-extract/semver/LICENSE`).expect(200);
    const license = res.body.results[0];
    expect(license.status).toBe('scanned');
    expect(license.detected_license_expression_spdx).toBe(declared);
    expect(license.license_detections.length).toBeGreaterThan(0);
    expect(license.license_detections[0].matches[0]).toEqual(
      expect.objectContaining({ start_line: expect.any(Number), end_line: expect.any(Number), matcher: expect.any(String), score: expect.any(Number), rule_identifier: expect.any(String) }),
    );
    const filtered = await request(t.url).get(`/api/projects/${uuid}/resources/?detected_license_expression_spdx=${declared}&search=LICENSE`).expect(200);
    expect(filtered.body.results.map((r: ResourceBody) => r.path)).toContain('semver-pkg.tgz-extract/semver/LICENSE');
  });

  it('finds the npm package from its package.json and gives it the files of its tree', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(codebase, 'semver-pkg.tgz-extract/semver/package.json'), 'utf8')) as { version: string; license: string };
    const res = await request(t.url).get(`/api/projects/${uuid}/packages/`).expect(200);
    expect(res.body.count).toBe(1);
    const pkg = res.body.results[0];
    expect(pkg).toMatchObject({
      purl: `pkg:npm/semver@${manifest.version}`,
      declared_license_expression_spdx: manifest.license,
      datafile_paths: ['semver-pkg.tgz-extract/semver/package.json'],
    });
    const byPath = new Map(resources.map((r) => [r.path, r as ResourceBody & { for_packages: string[] }]));
    expect(byPath.get('semver-pkg.tgz-extract/semver/package.json')?.status).toBe('application-package');
    expect(byPath.get('semver-pkg.tgz-extract/semver/index.js')?.for_packages).toEqual([pkg.package_uid]);
    const inPackage = await request(t.url).get(`/api/projects/${uuid}/resources/?in_package=true&type=file`).expect(200);
    const files = resources.filter((r) => r.type === 'file' && r.path.startsWith('semver-pkg.tgz-extract/semver/'));
    expect(inPackage.body.count).toBe(files.length);
    // The manifest itself is not scanned for licenses, as in ScanCode.io.
    expect(byPath.get('semver-pkg.tgz-extract/semver/package.json')).toMatchObject({ detected_license_expression: '' });
  });

  it('collects unique license detections from the files and the package, with where each was seen', async () => {
    const licenseFile = resources.find((r) => r.path === 'semver-pkg.tgz-extract/semver/LICENSE') as ResourceBody & {
      license_detections: { identifier: string; matches: { start_line: number; end_line: number }[] }[];
    };
    const detections = await t.db.getRepository(DiscoveredLicense).find({ where: { project_uuid: uuid } });
    const fromFile = detections.find((d) => d.identifier === licenseFile.license_detections[0]!.identifier);
    expect(fromFile).toMatchObject({ from_package: false, is_license_clue: false });
    expect(fromFile!.file_regions).toContainEqual({
      path: 'semver-pkg.tgz-extract/semver/LICENSE',
      start_line: Math.min(...licenseFile.license_detections[0]!.matches.map((m) => m.start_line)),
      end_line: Math.max(...licenseFile.license_detections[0]!.matches.map((m) => m.end_line)),
    });
    expect(fromFile!.detection_count).toBe(fromFile!.file_regions.length);
    const fromPackage = detections.find((d) => d.from_package);
    expect(fromPackage).toMatchObject({ license_expression: 'isc' });
    expect((fromPackage!.file_regions as { path: string }[])[0]!.path).toBe('semver-pkg.tgz-extract/semver/package.json');
  });

  it('flags empty files and ignored patterns, and records extraction problems as messages', async () => {
    const byPath = new Map(resources.map((r) => [r.path, r]));
    expect(byPath.get('semver-pkg.tgz-extract/semver/EMPTY.txt')?.status).toBe('ignored-empty-file');
    expect(byPath.get('semver-pkg.tgz-extract/semver/tests/skip.js')?.status).toBe('ignored-pattern');
    expect(byPath.get('semver-pkg.tgz-extract/semver/index.js')).toMatchObject({ status: 'scanned', is_text: true, programming_language: 'JavaScript' });
    const sources = await request(t.url).get(`/api/projects/${uuid}/resources/?is_source=true&page_size=100`).expect(200);
    const jsFiles = resources.filter((r) => r.programming_language === 'JavaScript').map((r) => r.path);
    expect(sources.body.results.map((r: ResourceBody) => r.path).sort()).toEqual(jsFiles.sort());
    const messages = await request(t.url).get(`/api/projects/${uuid}/messages/?model=extract_archives`).expect(200);
    expect(messages.body.count).toBe(1);
    expect(messages.body.results[0].details.resource_path).toBe('semver-pkg.tgz-extract/semver/broken.zip');
    const detail = await request(t.url).get(`/api/projects/${uuid}/`).expect(200);
    expect(detail.body.resource_count).toBe(resources.length);
    expect(detail.body.codebase_resources_summary).toMatchObject({ 'ignored-empty-file': 1, 'ignored-pattern': 1 });
  });
});
