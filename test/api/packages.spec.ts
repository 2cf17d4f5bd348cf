import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PackageURL } from 'packageurl-js';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, makeTempDir } from '../support/db';
import { isFinished, waitForRun } from '../support/runs';

const EXPRESS = path.resolve(__dirname, '../fixtures/packages/npm/express-package-lock');

interface PackageBody {
  purl: string;
  name: string;
  version: string;
  package_uid: string;
  declared_license_expression: string;
  declared_license_expression_spdx: string;
  datafile_paths: string[];
  datasource_ids: string[];
  is_virtual: boolean;
}

interface DependencyBody {
  purl: string;
  extracted_requirement: string;
  scope: string;
  is_runtime: boolean;
  is_optional: boolean;
  is_pinned: boolean;
  is_direct: boolean;
  dependency_uid: string;
  for_package_uid: string | null;
  resolved_to_package_uid: string | null;
  datafile_path: string | null;
  datasource_id: string;
  package_type: string;
}

/** The lockfile's entries as purls, one per `node_modules/…` entry. */
function lockfilePurls(): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(EXPRESS, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  return Object.entries(lock.packages)
    .filter(([key]) => key !== '')
    .map(([key, entry]) => {
      const fullName = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const [namespace, name] = fullName.startsWith('@') ? fullName.split('/') : [undefined, fullName];
      return new PackageURL('npm', namespace, name, entry.version, undefined, undefined).toString();
    })
    .sort();
}

async function all<T>(t: TestApp, url: string): Promise<T[]> {
  const rows: T[] = [];
  let next: string | null = `${url}${url.includes('?') ? '&' : '?'}cursor=&page_size=100`;
  while (next) {
    const page: request.Response = await request(t.url).get(next.replace(t.url, '')).expect(200);
    rows.push(...(page.body.results as T[]));
    next = page.body.next;
  }
  return rows;
}

async function inspect(t: TestApp, name: string, pipeline: string): Promise<string> {
  const created = await request(t.url)
    .post('/api/projects/')
    .field('name', name)
    .field('pipeline', pipeline)
    .field('execute_now', 'true')
    .attach('upload_file', path.join(EXPRESS, 'package.json'))
    .attach('upload_file', path.join(EXPRESS, 'package-lock.json'))
    .expect(201);
  const run = await waitForRun(t, created.body.runs[0].uuid, isFinished, 60_000);
  expect(run.status).toBe('success');
  return created.body.uuid as string;
}

describeWithDb('packages and dependencies of a real npm project (express 4.21.2 with its lockfile)', () => {
  let t: TestApp;
  let uuid: string;
  let packages: PackageBody[];
  let dependencies: DependencyBody[];

  beforeAll(async () => {
    t = await startTestApp();
    uuid = await inspect(t, 'express', 'inspect_packages');
    packages = await all<PackageBody>(t, `/api/projects/${uuid}/packages/`);
    dependencies = await all<DependencyBody>(t, `/api/projects/${uuid}/dependencies/`);
  }, 90_000);

  afterAll(async () => {
    await t?.close();
  });

  it('assembles package.json and package-lock.json into one package with its declared license', () => {
    expect(packages).toHaveLength(1);
    const [express] = packages;
    expect(express).toMatchObject({
      purl: 'pkg:npm/express@4.21.2',
      name: 'express',
      version: '4.21.2',
      declared_license_expression: 'mit',
      declared_license_expression_spdx: 'MIT',
      is_virtual: false,
    });
    expect(express!.package_uid).toMatch(/^pkg:npm\/express@4\.21\.2\?uuid=[0-9a-f-]{36}$/);
    expect(express!.datafile_paths.sort()).toEqual(['package-lock.json', 'package.json']);
    expect(express!.datasource_ids.sort()).toEqual(['npm_package_json', 'npm_package_lock_json']);
  });

  it('lists every lockfile entry as a pinned dependency with its exact purl, for the package', () => {
    const fromLock = dependencies.filter((d) => d.datafile_path === 'package-lock.json');
    expect(fromLock.map((d) => d.purl).sort()).toEqual(lockfilePurls());
    expect(fromLock.every((d) => d.is_pinned && d.datasource_id === 'npm_package_lock_json' && d.package_type === 'npm')).toBe(true);
    expect(new Set(fromLock.map((d) => d.for_package_uid))).toEqual(new Set([packages[0]!.package_uid]));
  });

  it("lists package.json's declared requirements with their scopes", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(EXPRESS, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const fromManifest = dependencies.filter((d) => d.datafile_path === 'package.json');
    const accepts = fromManifest.find((d) => d.purl === 'pkg:npm/accepts');
    expect(accepts).toMatchObject({ extracted_requirement: manifest.dependencies!.accepts, scope: 'dependencies', is_runtime: true, is_direct: true });
    const devCount = Object.keys(manifest.devDependencies ?? {}).length;
    expect(fromManifest.filter((d) => d.scope === 'devDependencies')).toHaveLength(devCount);
    expect(fromManifest.filter((d) => d.scope === 'dependencies')).toHaveLength(Object.keys(manifest.dependencies!).length);
  });

  it('links the datafiles to the package and marks them application-package', async () => {
    const resources = await all<{ path: string; status: string; for_packages: string[] }>(t, `/api/projects/${uuid}/resources/`);
    const manifest = resources.find((r) => r.path === 'package.json');
    expect(manifest).toMatchObject({ status: 'application-package', for_packages: [packages[0]!.package_uid] });
  });

  it('filters, searches and sorts packages as ScanCode.io does', async () => {
    const list = (query: string) => request(t.url).get(`/api/projects/${uuid}/packages/?${query}`);
    expect((await list('purl=pkg:npm/express').expect(200)).body.count).toBe(1);
    expect((await list('purl=pkg:npm/express@1.0.0').expect(200)).body.count).toBe(0);
    expect((await list('purl=not-a-purl').expect(200)).body.count).toBe(0);
    expect((await list('search=pkg:npm/express@4.21.2').expect(200)).body.count).toBe(1);
    expect((await list('search=expr').expect(200)).body.count).toBe(1);
    expect((await list('declared_license_expression=mit').expect(200)).body.count).toBe(1);
    expect((await list('is_virtual=False').expect(200)).body.count).toBe(1);
    expect((await list('is_virtual=false').expect(400)).body).toEqual({
      errors: { is_virtual: ['Select a valid choice. false is not one of the available choices.'] },
    });
    expect((await list('is_vulnerable=no').expect(200)).body.count).toBe(1);
    expect((await list('is_vulnerable=maybe').expect(400)).body.errors.is_vulnerable).toHaveLength(1);
    expect((await list('sort=resources_count').expect(400)).body.errors.sort).toHaveLength(1);
    expect((await list('sort=-package_url').expect(200)).body.results[0].name).toBe('express');
  });

  it('filters, searches and sorts dependencies as ScanCode.io does', async () => {
    const list = (query: string) => request(t.url).get(`/api/projects/${uuid}/dependencies/?${query}`);
    const devCount = dependencies.filter((d) => d.scope === 'devDependencies').length;
    expect((await list('scope=devDependencies').expect(200)).body.count).toBe(devCount);
    expect((await list('scope=nonsense').expect(400)).body).toEqual({
      errors: { scope: ['Select a valid choice. nonsense is not one of the available choices.'] },
    });
    expect((await list('is_runtime=True').expect(200)).body.count).toBe(dependencies.filter((d) => d.is_runtime).length);
    expect((await list('is_direct=yes').expect(400)).body.errors.is_direct).toHaveLength(1);
    expect((await list('datasource_id=npm_package_json').expect(200)).body.count).toBe(dependencies.filter((d) => d.datafile_path === 'package.json').length);
    const accepts = dependencies.filter((d) => d.purl.startsWith('pkg:npm/accepts')).length;
    expect((await list('purl=pkg:npm/accepts').expect(200)).body.count).toBe(accepts);
    expect((await list('search=accepts').expect(200)).body.count).toBe(accepts);
    const nameOf = (d: DependencyBody) => PackageURL.fromString(d.purl).name;
    const byName = (await list('sort=-name&page_size=3').expect(200)).body.results.map(nameOf);
    const names = dependencies.map(nameOf).sort().reverse();
    expect(byName).toEqual(names.slice(0, 3));
  });

  it('pages dependencies by keyset in the default order, every row once', async () => {
    const paged = await all<DependencyBody>(t, `/api/projects/${uuid}/dependencies/?sort=is_pinned,-is_runtime`);
    expect(paged).toHaveLength(dependencies.length);
    expect(new Set(paged.map((d) => d.dependency_uid)).size).toBe(dependencies.length);
    expect(dependencies[0]!.is_runtime).toBe(true);
  });
});

describeWithDb('static resolution of an npm lockfile (inspect_packages:StaticResolver)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('turns lockfile entries into virtual packages and links dependencies to them', async () => {
    const uuid = await inspect(t, 'express resolved', 'inspect_packages:StaticResolver');
    const packages = await all<PackageBody>(t, `/api/projects/${uuid}/packages/`);
    const dependencies = await all<DependencyBody>(t, `/api/projects/${uuid}/dependencies/`);
    const expected = new Set(lockfilePurls());
    const virtual = packages.filter((p) => p.is_virtual);
    expect(new Set(virtual.map((p) => p.purl))).toEqual(expected);
    expect(packages.filter((p) => !p.is_virtual).map((p) => p.purl)).toEqual(['pkg:npm/express@4.21.2']);
    expect(dependencies.every((d) => d.is_direct)).toBe(true);
    const uids = new Set(packages.map((p) => p.package_uid));
    const accepts = dependencies.find((d) => d.purl === 'pkg:npm/accepts' && d.datafile_path === 'package.json');
    expect(uids.has(accepts!.resolved_to_package_uid!)).toBe(true);
    expect(packages.find((p) => p.package_uid === accepts!.resolved_to_package_uid)!.purl).toBe('pkg:npm/accepts@1.3.8');
  });
});

describeWithDb('malformed manifests', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('become a project message and scanned-with-error; the other manifests still make packages', async () => {
    const dir = makeTempDir();
    fs.mkdirSync(path.join(dir, 'tree', 'broken'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'tree', 'ok'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tree', 'broken', 'package.json'), '{ "name": "half", "version": ');
    fs.copyFileSync(path.join(EXPRESS, 'package.json'), path.join(dir, 'tree', 'ok', 'package.json'));
    execFileSync('tar', ['-czf', path.join(dir, 'tree.tgz'), '-C', dir, 'tree']);
    const created = await request(t.url)
      .post('/api/projects/')
      .field('name', 'broken manifests')
      .field('pipeline', 'inspect_packages')
      .field('execute_now', 'true')
      .attach('upload_file', path.join(dir, 'tree.tgz'))
      .expect(201);
    const run = await waitForRun(t, created.body.runs[0].uuid, isFinished, 60_000);
    expect(run.status).toBe('success');
    const uuid = created.body.uuid as string;
    const packages = await all<PackageBody>(t, `/api/projects/${uuid}/packages/`);
    expect(packages.map((p) => p.purl)).toEqual(['pkg:npm/express@4.21.2']);
    const broken = 'tree.tgz-extract/tree/broken/package.json';
    const resource = (await request(t.url).get(`/api/projects/${uuid}/resources/?path=${broken}`).expect(200)).body.results[0];
    expect(resource.status).toBe('scanned-with-error');
    const messages = (await request(t.url).get(`/api/projects/${uuid}/messages/?model=scan_for_application_packages`).expect(200)).body;
    expect(messages.count).toBe(1);
    expect(messages.results[0]).toMatchObject({ severity: 'error', details: { resource_path: broken, datasource_id: 'npm_package_json' } });
    expect(messages.results[0].description).toContain(broken);
  });
});

describeWithDb('resolve_dependencies', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('resolves statically from the lockfile, and says dynamic resolution needs the registries', async () => {
    const uuid = await inspect(t, 'resolve express', 'resolve_dependencies:StaticResolver,DynamicResolver');
    const packages = await all<PackageBody>(t, `/api/projects/${uuid}/packages/`);
    expect(packages.filter((p) => !p.is_virtual).map((p) => p.purl)).toEqual(['pkg:npm/express@4.21.2']);
    expect(new Set(packages.filter((p) => p.is_virtual).map((p) => p.purl))).toEqual(new Set(lockfilePurls()));
    const resources = await all<{ path: string; status: string }>(t, `/api/projects/${uuid}/resources/`);
    expect(resources.filter((r) => r.status === 'application-package').map((r) => r.path).sort()).toEqual(['package-lock.json', 'package.json']);
    const messages = (await request(t.url).get(`/api/projects/${uuid}/messages/?model=resolve_dependencies`).expect(200)).body;
    expect(messages.count).toBe(2);
    expect(messages.results[0].description).toMatch(/needs the package registries/);
  });

  it('fails when the inputs hold no manifest', async () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'nothing to resolve\n');
    const created = await request(t.url)
      .post('/api/projects/')
      .field('name', 'no manifests')
      .field('pipeline', 'resolve_dependencies')
      .field('execute_now', 'true')
      .attach('upload_file', path.join(dir, 'notes.txt'))
      .expect(201);
    const run = await waitForRun(t, created.body.runs[0].uuid, isFinished, 60_000);
    expect(run.status).toBe('failure');
    expect(run.task_output).toMatch(/No package manifest or lockfile found/);
  });
});
