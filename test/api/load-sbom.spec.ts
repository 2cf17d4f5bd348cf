import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, makeTempDir } from '../support/db';
import { isFinished, waitForRun, type RunBody } from '../support/runs';

interface PackageBody {
  purl: string;
  package_uid: string;
  declared_license_expression: string;
  declared_license_expression_spdx: string;
  [key: string]: unknown;
}

/** Create a project from files with one pipeline, run it, and return the finished run. */
async function runWith(t: TestApp, name: string, pipeline: string, files: string[]): Promise<{ uuid: string; run: RunBody }> {
  let req = request(t.url).post('/api/projects/').field('name', name).field('pipeline', pipeline).field('execute_now', 'true');
  for (const file of files) {
    req = req.attach('upload_file', file);
  }
  const created = await req.expect(201);
  const run = await waitForRun(t, created.body.runs[0].uuid as string, isFinished, 120_000);
  return { uuid: created.body.uuid as string, run };
}

async function list<T>(t: TestApp, uuid: string, what: 'packages' | 'dependencies'): Promise<T[]> {
  const body = (await request(t.url).get(`/api/projects/${uuid}/${what}/?page_size=100`).expect(200)).body as { results: T[] };
  return body.results;
}

function cycloneDxBom(): Models.Bom {
  const bom = new Models.Bom();
  const express = new Models.Component(Enums.ComponentType.Library, 'express', { bomRef: 'express', version: '4.21.2', purl: 'pkg:npm/express@4.21.2' });
  express.licenses.add(new Models.LicenseExpression('MIT'));
  express.hashes.set(Enums.HashAlgorithm['SHA-1'], '0123456789abcdef0123456789abcdef01234567');
  const debug = new Models.Component(Enums.ComponentType.Library, 'debug', { bomRef: 'debug', version: '2.6.9', purl: 'pkg:npm/debug@2.6.9' });
  debug.licenses.add(new Models.SpdxLicense('MIT'));
  const orphan = new Models.Component(Enums.ComponentType.Library, 'orphan', { bomRef: 'orphan', version: '1.0.0' });
  bom.components.add(express);
  bom.components.add(debug);
  bom.components.add(orphan);
  express.dependencies.add(debug.bomRef);
  const vulnerability = new Models.Vulnerability.Vulnerability({ id: 'CVE-2017-16137', description: 'ReDoS in debug' });
  vulnerability.affects.add(new Models.Vulnerability.Affect(debug.bomRef));
  bom.vulnerabilities.add(vulnerability);
  return bom;
}

/** A real npm package (semver from node_modules) packed as `npm pack` lays it out. */
function packSemver(dir: string): string {
  fs.cpSync(path.resolve(__dirname, '../../node_modules/semver'), path.join(dir, 'package'), { recursive: true });
  const tarball = path.join(dir, 'semver.tgz');
  execFileSync('tar', ['-czf', tarball, '-C', dir, 'package']);
  return tarball;
}

describeWithDb('load_sbom', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    dir = makeTempDir();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('loads a CycloneDX BOM: packages, licenses, hashes, the dependency graph and vulnerabilities', async () => {
    const file = path.join(dir, 'app.cdx.json');
    fs.writeFileSync(file, new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6)).serialize(cycloneDxBom()));
    const { uuid, run } = await runWith(t, 'cdx', 'load_sbom', [file]);
    expect(run.status).toBe('success');
    const packages = await list<PackageBody>(t, uuid, 'packages');
    const byName = new Map(packages.map((p) => [p.name, p]));
    expect(byName.get('express')).toMatchObject({
      purl: 'pkg:npm/express@4.21.2',
      package_uid: 'express',
      declared_license_expression: 'mit',
      declared_license_expression_spdx: 'MIT',
      sha1: '0123456789abcdef0123456789abcdef01234567',
      datafile_paths: ['app.cdx.json'],
    });
    expect(byName.get('orphan')).toMatchObject({ type: '', name: 'orphan', version: '1.0.0' });
    expect((byName.get('debug')?.affected_by_vulnerabilities as { advisory_id: string }[]).map((a) => a.advisory_id)).toEqual(['CVE-2017-16137']);
    const dependencies = await list<Record<string, unknown>>(t, uuid, 'dependencies');
    expect(dependencies).toEqual([
      expect.objectContaining({ purl: 'pkg:npm/debug@2.6.9', for_package_uid: 'express', resolved_to_package_uid: 'debug', datafile_path: 'app.cdx.json', is_runtime: true, is_pinned: true, is_direct: true }),
    ]);
    const resources = (await request(t.url).get(`/api/projects/${uuid}/resources/`).expect(200)).body.results as { path: string; status: string; for_packages: string[] }[];
    expect(resources).toEqual([expect.objectContaining({ path: 'app.cdx.json', status: 'application-package' })]);
    expect(resources[0]?.for_packages).toHaveLength(3);
    const project = (await request(t.url).get(`/api/projects/${uuid}/`).expect(200)).body;
    expect(project.extra_data.sboms_headers['app.cdx.json']).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
  });

  it('gives back the packages and licenses of a Scanloom CycloneDX or SPDX export of a scanned npm package', async () => {
    const scanned = await runWith(t, 'semver scanned', 'scan_codebase', [packSemver(makeTempDir())]);
    expect(scanned.run.status).toBe('success');
    const original = await list<PackageBody>(t, scanned.uuid, 'packages');
    expect(original.map((p) => p.purl)).toEqual([expect.stringMatching(/^pkg:npm\/semver@\d/)]);
    const originalDependencies = (await list<{ purl: string }>(t, scanned.uuid, 'dependencies')).map((d) => d.purl).sort();
    expect(originalDependencies.length).toBeGreaterThan(0);
    const fields = (p: PackageBody) => ({
      purl: p.purl,
      declared_license_expression: p.declared_license_expression,
      declared_license_expression_spdx: p.declared_license_expression_spdx,
      homepage_url: p.homepage_url,
      description: p.description,
    });
    for (const [format, version, name] of [
      ['cyclonedx', '1.6', 'export.cdx.json'],
      ['cyclonedx-xml', '1.5', 'export.cdx.xml'],
      ['spdx', '2.3', 'export.spdx.json'],
      ['spdx-tag-value', '2.2', 'export.spdx'],
    ] as const) {
      const exported = await request(t.url).get(`/api/projects/${scanned.uuid}/results_download/?output_format=${format}&version=${version}`).buffer(true).parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
      expect(exported.status).toBe(200);
      const file = path.join(makeTempDir(), name);
      fs.writeFileSync(file, exported.body as Buffer);
      const loaded = await runWith(t, `semver from ${format}`, 'load_sbom', [file]);
      expect({ format, status: loaded.run.status, output: loaded.run.task_output }).toEqual({ format, status: 'success', output: '' });
      const typed = (await list<PackageBody>(t, loaded.uuid, 'packages')).filter((p) => p.type);
      expect({ format, packages: typed.filter((p) => original.some((o) => o.purl === p.purl)).map(fields) }).toEqual({ format, packages: original.map(fields) });
      // SPDX writes each dependency as a package of its own with a DEPENDENCY_OF relationship; CycloneDX does not.
      const extra = typed.filter((p) => !original.some((o) => o.purl === p.purl)).map((p) => p.purl).sort();
      const dependencies = await list<{ for_package_uid: string }>(t, loaded.uuid, 'dependencies');
      if (format.startsWith('spdx')) {
        expect({ format, extra }).toEqual({ format, extra: originalDependencies });
        const semver = typed.find((p) => p.purl === original[0]!.purl)!;
        expect({ format, dependencies: dependencies.filter((d) => d.for_package_uid === semver.package_uid).length }).toEqual({ format, dependencies: originalDependencies.length });
      } else {
        expect({ format, extra }).toEqual({ format, extra: [] });
      }
    }
  }, 300_000);

  it('fails on a malformed SBOM with what is wrong and where, and keeps none of its packages', async () => {
    const file = path.join(dir, 'broken.cdx.json');
    const good = JSON.parse(new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot5)).serialize(cycloneDxBom())) as { components: Record<string, unknown>[] };
    delete good.components[2]!.name;
    fs.writeFileSync(file, JSON.stringify(good));
    const other = path.join(dir, 'fine.spdx.json');
    fs.writeFileSync(
      other,
      JSON.stringify({
        spdxVersion: 'SPDX-2.3',
        dataLicense: 'CC0-1.0',
        SPDXID: 'SPDXRef-DOCUMENT',
        name: 'fine',
        documentNamespace: 'https://example.com/fine',
        creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: test'] },
        packages: [{ SPDXID: 'SPDXRef-a', name: 'a', downloadLocation: 'NONE', licenseConcluded: 'MIT', copyrightText: 'NOASSERTION' }],
      }),
    );
    const { uuid, run } = await runWith(t, 'broken sbom', 'load_sbom', [file, other]);
    expect(run.status).toBe('failure');
    expect(run.task_output).toMatch(/^broken\.cdx\.json: components\[2\]\.name: the required field is missing or empty/);
    expect(await list(t, uuid, 'packages')).toEqual([]);

    const notJson = path.join(dir, 'cut.cdx.json');
    fs.writeFileSync(notJson, '{"bomFormat": "CycloneDX",\n"specVersion": "1.6",\n"components": [{"type": "library", "name": "a"');
    const cut = await runWith(t, 'cut sbom', 'load_sbom', [notJson]);
    expect(cut.run.status).toBe('failure');
    expect(cut.run.task_output).toMatch(/^cut\.cdx\.json: not valid JSON at line 3, column \d+/);

    const none = path.join(dir, 'readme.txt');
    fs.writeFileSync(none, 'no SBOM here');
    const empty = await runWith(t, 'no sbom', 'load_sbom', [none]);
    expect(empty.run.status).toBe('failure');
    expect(empty.run.task_output).toMatch(/^No SBOM found among the inputs/);
  });
});
