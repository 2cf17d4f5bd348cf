import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DiscoveredLicense } from '../../src/results/discovered-license.entity';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, makeTempDir } from '../support/db';
import { isFinished, waitForRun, type RunBody } from '../support/runs';

async function runWith(t: TestApp, name: string, pipeline: string, file: string): Promise<{ uuid: string; run: RunBody }> {
  const created = await request(t.url).post('/api/projects/').field('name', name).field('pipeline', pipeline).field('execute_now', 'true').attach('upload_file', file).expect(201);
  const run = await waitForRun(t, created.body.runs[0].uuid as string, isFinished, 180_000);
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

/** A ScanCode-toolkit 32.x result (`scancode -clipeu --json`) of a folder `demo`, in its documented shape. */
const TOOLKIT_SCAN = {
  headers: [{ tool_name: 'scancode-toolkit', tool_version: '32.5.0', output_format_version: '4.1.0', options: { '--package': true }, extra_data: { files_count: 2, spdx_license_list_version: '3.27' } }],
  packages: [
    {
      type: 'npm',
      namespace: null,
      name: 'demo',
      version: '1.2.3',
      qualifiers: {},
      subpath: null,
      declared_license_expression: 'mit',
      declared_license_expression_spdx: 'MIT',
      extracted_license_statement: 'MIT',
      package_uid: 'pkg:npm/demo@1.2.3?uuid=1c2d0000-0000-0000-0000-000000000001',
      datafile_paths: ['demo/package.json'],
      datasource_ids: ['npm_package_json'],
      purl: 'pkg:npm/demo@1.2.3',
    },
  ],
  dependencies: [
    {
      purl: 'pkg:npm/left-pad',
      extracted_requirement: '^1.0.0',
      scope: 'dependencies',
      is_runtime: true,
      is_optional: false,
      is_pinned: false,
      is_direct: true,
      resolved_package: {},
      extra_data: {},
      dependency_uid: 'pkg:npm/left-pad?uuid=9f000000-0000-0000-0000-000000000002',
      for_package_uid: 'pkg:npm/demo@1.2.3?uuid=1c2d0000-0000-0000-0000-000000000001',
      datafile_path: 'demo/package.json',
      datasource_id: 'npm_package_json',
    },
  ],
  license_detections: [
    {
      identifier: 'mit-5e6f0000-0000-0000-0000-000000000003',
      license_expression: 'mit',
      license_expression_spdx: 'MIT',
      detection_count: 1,
      reference_matches: [{ license_expression: 'mit', from_file: 'demo/LICENSE', start_line: 1, end_line: 19, matcher: '1-hash', score: 100 }],
    },
  ],
  files: [
    { path: 'demo', type: 'directory', name: 'demo', size: 0, scan_errors: [] },
    { path: 'demo/LICENSE', type: 'file', name: 'LICENSE', extension: '', size: 1077, sha1: 'a'.repeat(40), detected_license_expression: 'mit', detected_license_expression_spdx: 'MIT', for_packages: ['pkg:npm/demo@1.2.3?uuid=1c2d0000-0000-0000-0000-000000000001'], copyrights: [{ copyright: 'Copyright (c) 2026 Jane Doe', start_line: 1, end_line: 1 }], is_legal: true, scan_errors: [] },
    { path: 'demo/package.json', type: 'file', name: 'package.json', extension: '.json', size: 120, for_packages: ['pkg:npm/demo@1.2.3?uuid=1c2d0000-0000-0000-0000-000000000001'], package_data: [{ type: 'npm', name: 'demo' }], scan_errors: [] },
    { path: 'demo/notes.txt', type: 'file', name: 'notes.txt', extension: '.txt', size: 5, for_packages: [], scan_errors: [] },
  ],
};

describeWithDb('load_inventory', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    dir = makeTempDir();
  });

  afterAll(async () => {
    await t?.close();
  });

  it("loads Scanloom's own JSON results back: the same resources, packages and dependencies (and from its XLSX workbook)", async () => {
    const source = makeTempDir();
    fs.cpSync(path.resolve(__dirname, '../../node_modules/semver'), path.join(source, 'package'), { recursive: true });
    execFileSync('tar', ['-czf', path.join(dir, 'semver.tgz'), '-C', source, 'package']);
    const scanned = await runWith(t, 'semver scan', 'scan_codebase', path.join(dir, 'semver.tgz'));
    expect(scanned.run.status).toBe('success');
    const results = await request(t.url).get(`/api/projects/${scanned.uuid}/results_download/?output_format=json`).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    expect(results.status).toBe(200);
    fs.writeFileSync(path.join(dir, 'results.json'), results.body as Buffer);

    const loaded = await runWith(t, 'semver inventory', 'load_inventory', path.join(dir, 'results.json'));
    expect({ status: loaded.run.status, output: loaded.run.task_output }).toEqual({ status: 'success', output: '' });
    const strip = (rows: Record<string, unknown>[], drop: string[]) => rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !drop.includes(key))));
    for (const [what, drop] of [
      ['resources', ['compliance_alert']],
      ['packages', ['compliance_alert', 'uuid']],
      ['dependencies', []],
    ] as const) {
      const before = strip(await all(t, `/api/projects/${scanned.uuid}/${what}/`), [...drop]);
      const after = strip(await all(t, `/api/projects/${loaded.uuid}/${what}/`), [...drop]);
      expect({ what, count: after.length }).toEqual({ what, count: before.length });
      expect(after).toEqual(before);
    }
    // The JSON results have no license detection section: they are rebuilt from the rows.
    const detections = async (uuid: string) =>
      (await t.db.getRepository(DiscoveredLicense).find({ where: { project_uuid: uuid }, order: { identifier: 'ASC' } })).map((d) => [d.identifier, d.license_expression, d.detection_count, d.file_regions]);
    expect((await detections(scanned.uuid)).length).toBeGreaterThan(0);
    expect(await detections(loaded.uuid)).toEqual(await detections(scanned.uuid));

    // The XLSX workbook of the same project: the fields a sheet can hold come back.
    const workbook = await request(t.url).get(`/api/projects/${scanned.uuid}/results_download/?output_format=xlsx`).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    expect(workbook.status).toBe(200);
    fs.writeFileSync(path.join(dir, 'results.xlsx'), workbook.body as Buffer);
    const fromXlsx = await runWith(t, 'semver xlsx inventory', 'load_inventory', path.join(dir, 'results.xlsx'));
    expect({ status: fromXlsx.run.status, output: fromXlsx.run.task_output }).toEqual({ status: 'success', output: '' });
    // A sheet shows each copyright and holder as its text, without its lines (as in ScanCode.io).
    const text = (field: string, value: unknown) =>
      field === 'copyrights' || field === 'holders' ? (value as Record<string, unknown>[]).map((item) => item[field.slice(0, -1)]) : value;
    const keep = (rows: Record<string, unknown>[], fields: string[]) => rows.map((row) => Object.fromEntries(fields.map((f) => [f, text(f, row[f])])));
    for (const [what, fields] of [
      ['resources', ['path', 'type', 'status', 'for_packages', 'size', 'sha1', 'programming_language', 'detected_license_expression', 'copyrights', 'holders', 'is_key_file']],
      ['packages', ['purl', 'package_uid', 'declared_license_expression', 'declared_license_expression_spdx', 'datafile_paths', 'homepage_url']],
      ['dependencies', ['purl', 'for_package_uid', 'datafile_path', 'extracted_requirement', 'scope', 'is_runtime', 'is_pinned']],
    ] as const) {
      const before = keep(await all(t, `/api/projects/${scanned.uuid}/${what}/`), [...fields]);
      expect({ what, rows: keep(await all(t, `/api/projects/${fromXlsx.uuid}/${what}/`), [...fields]) }).toEqual({ what, rows: before });
    }
  }, 400_000);

  it('loads a ScanCode-toolkit result without its root folder, with package links, dependencies and detections', async () => {
    fs.writeFileSync(path.join(dir, 'toolkit.json'), JSON.stringify(TOOLKIT_SCAN, null, 2));
    const { uuid, run } = await runWith(t, 'toolkit', 'load_inventory', path.join(dir, 'toolkit.json'));
    expect({ status: run.status, output: run.task_output }).toEqual({ status: 'success', output: '' });
    const resources = await all<Record<string, unknown>>(t, `/api/projects/${uuid}/resources/`);
    const uid = TOOLKIT_SCAN.packages[0]!.package_uid;
    expect(resources.map((r) => [r.path, r.status, r.for_packages])).toEqual([
      ['LICENSE', 'application-package', [uid]],
      ['notes.txt', '', []],
      ['package.json', 'application-package', [uid]],
    ]);
    expect(resources[0]).toMatchObject({ sha1: 'a'.repeat(40), detected_license_expression: 'mit', copyrights: [{ copyright: 'Copyright (c) 2026 Jane Doe', start_line: 1, end_line: 1 }], is_legal: true });
    expect(await all(t, `/api/projects/${uuid}/packages/`)).toEqual([
      expect.objectContaining({ purl: 'pkg:npm/demo@1.2.3', package_uid: uid, declared_license_expression: 'mit', datafile_paths: ['package.json'] }),
    ]);
    expect(await all(t, `/api/projects/${uuid}/dependencies/`)).toEqual([
      expect.objectContaining({ purl: 'pkg:npm/left-pad', extracted_requirement: '^1.0.0', for_package_uid: uid, datafile_path: 'package.json', scope: 'dependencies', package_type: 'npm' }),
    ]);
    const project = (await request(t.url).get(`/api/projects/${uuid}/`).expect(200)).body;
    expect(project.extra_data).toMatchObject({ files_count: 2, spdx_license_list_version: '3.27' });
    const detections = await t.db.getRepository(DiscoveredLicense).find({ where: { project_uuid: uuid } });
    expect(detections.map((d) => [d.identifier, d.license_expression, d.detection_count, d.matches.length])).toEqual([['mit-5e6f0000-0000-0000-0000-000000000003', 'mit', 1, 1]]);
  });

  it('refuses other JSON and malformed results with where the problem is, keeping nothing', async () => {
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ headers: [{ tool_name: 'trivy' }], files: [] }));
    const other = await runWith(t, 'trivy', 'load_inventory', path.join(dir, 'other.json'));
    expect(other.run.status).toBe('failure');
    expect(other.run.task_output).toMatch(/^other\.json: Input not supported: headers\[0\]\.tool_name is "trivy"/);

    // More rows than one write batch, then a broken one: what was written is taken back.
    const files = Array.from({ length: 1500 }, (_, i) => ({ path: `demo/f${i}.txt`, type: 'file', size: 1 }));
    fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify({ ...TOOLKIT_SCAN, files: [...TOOLKIT_SCAN.files, ...files, { type: 'file', size: 3 }] }));
    const broken = await runWith(t, 'broken toolkit', 'load_inventory', path.join(dir, 'broken.json'));
    expect(broken.run.status).toBe('failure');
    expect(broken.run.task_output).toMatch(/^broken\.json: files\[1504\]\.path: the required field is missing/);
    expect(await all(t, `/api/projects/${broken.uuid}/resources/`)).toEqual([]);
    expect(await all(t, `/api/projects/${broken.uuid}/packages/`)).toEqual([]);
  });
});
