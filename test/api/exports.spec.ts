import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import * as yauzl from 'yauzl';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, makeTempDir } from '../support/db';
import { Project } from '../../src/projects/project.entity';
import { makeDependency, makeLicense, makeMessage, makePackage, makeRelation, makeResources } from '../support/factories';
import { createProject } from '../support/runs';
import { cycloneDxErrors, readXlsx, spdxSchemaErrors } from '../support/validators';

/** Collect a binary response body. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function download(t: TestApp, url: string): Promise<request.Response & { body: Buffer }> {
  return (await request(t.url).get(url).buffer(true).parse(binary));
}

function zipEntries(buffer: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) {
        reject(error ?? new Error('no zip'));
        return;
      }
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names.sort()));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const LONG_COPYRIGHT = `Copyright (c) ${'x'.repeat(40_000)}`;

/** A project with every kind of row the exports read. */
async function seedProject(t: TestApp, name: string, labels: string[] = []): Promise<string> {
  const { uuid } = await createProject(t, { name, labels });
  await makeResources(t.db, uuid, [
    { path: 'app', type: 'directory' },
    { path: 'app/package.json', is_manifest: true, size: 120, sha1: 'a'.repeat(40) },
    { path: 'app/LICENSE', detected_license_expression: 'mit', detected_license_expression_spdx: 'MIT', copyrights: [{ copyright: 'Copyright (c) Jane', start_line: 1, end_line: 1 }, { copyright: 'Copyright (c) Jane', start_line: 9, end_line: 9 }] },
    { path: 'app/huge.txt', copyrights: [{ copyright: LONG_COPYRIGHT, start_line: 1, end_line: 1 }] },
    { path: 'app/review.c', status: 'requires-review' },
    { path: 'app/link', type: 'symlink' },
    { path: 'app/dist/app.js' },
  ]);
  await makePackage(
    t.db,
    uuid,
    {
      type: 'npm', name: 'app', version: '1.0.0', package_uid: `pkg:npm/app@1.0.0?uuid=${uuid}`,
      declared_license_expression: 'mit AND unknown-custom', declared_license_expression_spdx: 'MIT AND LicenseRef-scanloom-unknown-custom',
      copyright: 'Copyright (c) Jane', md5: 'b'.repeat(32), sha1: 'c'.repeat(40), sha256: 'd'.repeat(64), homepage_url: 'https://example.com/app',
      description: 'line 1\nline 2\nline 3\nline 4\nline 5\nline 6', notice_text: 'NOTICE: app', parties: [{ type: 'person', role: 'author', name: 'Jane' }],
      affected_by_vulnerabilities: [{ advisory_id: 'VCID-1', summary: 'bad bug', references: [{ reference_id: 'CVE-2024-1', reference_url: 'https://example.com/cve', scores: [{ value: '7.5', scoring_elements: 'AV:N' }] }], weaknesses: [{ cwe_id: 79 }] }],
    },
    ['app/package.json', 'app/LICENSE'],
  );
  await makePackage(t.db, uuid, { type: 'npm', name: 'left-pad', version: '1.3.0', package_uid: `pkg:npm/left-pad@1.3.0?uuid=${uuid}`, declared_license_expression: 'wtfpl', declared_license_expression_spdx: 'WTFPL' }, []);
  await makeDependency(t.db, uuid, { type: 'npm', name: 'left-pad', version: '1.3.0', scope: 'dependencies', is_runtime: true, is_pinned: true, datasource_id: 'npm_package_json' }, { for: `pkg:npm/app@1.0.0?uuid=${uuid}`, resolvedTo: `pkg:npm/left-pad@1.3.0?uuid=${uuid}`, datafile: 'app/package.json' });
  await makeDependency(t.db, uuid, { type: 'npm', name: 'mocha', extracted_requirement: '^10', scope: 'devDependencies', is_optional: true, datasource_id: 'npm_package_json' }, { for: `pkg:npm/app@1.0.0?uuid=${uuid}`, datafile: 'app/package.json' });
  await makeRelation(t.db, uuid, 'app/dist/app.js', 'app/package.json', { map_type: 'path', extra_data: { path_score: '2/3' } });
  await makeMessage(t.db, uuid, { description: 'could not read', details: { resource_path: 'app/huge.txt' } });
  await makeLicense(t.db, uuid, { identifier: 'mit-0123abcd', license_expression: 'mit', license_expression_spdx: 'MIT', detection_count: 2, file_regions: [{ path: 'app/LICENSE', start_line: 1, end_line: 20 }], matches: [{ license_expression: 'mit' }] });
  await t.db.getRepository(Project).update({ uuid }, { extra_data: { images: [{ image_id: 'abcdef123456', layers: [{ layer_id: 'sha256:1111', size: 1024, created_by: '/bin/sh -c #(nop) ADD file' }] }] } });
  return uuid;
}

describeWithDb('results and exports', () => {
  let t: TestApp;
  let uuid: string;
  const name = 'My App 1.0';
  beforeAll(async () => {
    t = await startTestApp();
    uuid = await seedProject(t, name, ['release']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('streams the JSON results document with packages, dependencies, license detections, files and relations', async () => {
    const res = await request(t.url).get(`/api/projects/${uuid}/results/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.body as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(doc)).toEqual(['headers', 'packages', 'dependencies', 'license_detections', 'files', 'relations']);
    expect(doc.packages!.map((p) => p.purl)).toEqual(['pkg:npm/app@1.0.0', 'pkg:npm/left-pad@1.3.0']);
    expect(Object.keys(doc.packages![0]!)).toHaveLength(49);
    expect(doc.dependencies!.map((d) => [d.purl, d.resolved_to_package_uid, d.datafile_path])).toEqual([
      ['pkg:npm/left-pad@1.3.0', `pkg:npm/left-pad@1.3.0?uuid=${uuid}`, 'app/package.json'],
      ['pkg:npm/mocha', null, 'app/package.json'],
    ]);
    expect(doc.license_detections).toEqual([
      expect.objectContaining({ identifier: 'mit-0123abcd', license_expression_spdx: 'MIT', detection_count: 2, file_regions: [{ path: 'app/LICENSE', start_line: 1, end_line: 20 }] }),
    ]);
    expect(doc.files!.map((f) => f.path)).toEqual(['app', 'app/LICENSE', 'app/dist/app.js', 'app/huge.txt', 'app/package.json', 'app/review.c']);
    expect(doc.files!.find((f) => f.path === 'app/LICENSE')!.for_packages).toEqual([`pkg:npm/app@1.0.0?uuid=${uuid}`]);
    expect(doc.relations).toEqual([{ to_resource: 'app/package.json', status: '', map_type: 'path', score: '2/3', from_resource: 'app/dist/app.js' }]);
    expect(doc.headers![0]).toMatchObject({ tool_name: 'scanpipe', uuid, messages: [expect.objectContaining({ description: 'could not read' })] });
  });

  it('downloads JSON as an attachment named as ScanCode.io names it', async () => {
    const res = await request(t.url).get(`/api/projects/${uuid}/results_download/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="scancodeio_my_app_1.0.json"');
    expect((res.body as { packages: unknown[] }).packages).toHaveLength(2);
  });

  it('writes an XLSX workbook whose sheets an independent reader counts as the API does', async () => {
    const res = await download(t, `/api/projects/${uuid}/results_download/?output_format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="scancodeio_my_app_1.0_results-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.xlsx"$/);
    const file = path.join(makeTempDir(), 'results.xlsx');
    fs.writeFileSync(file, res.body);
    const book = readXlsx(file);
    const api = (await request(t.url).get(`/api/projects/${uuid}/results/`)).body as Record<string, unknown[]>;
    expect(Object.keys(book)).toEqual(['PACKAGES', 'DEPENDENCIES', 'RESOURCES', 'RELATIONS', 'MESSAGES', 'LICENSE_DETECTIONS', 'LAYERS', 'VULNERABILITIES', 'TODOS']);
    expect(book.LICENSE_DETECTIONS!.header).not.toContain('matches');
    expect(book.LICENSE_DETECTIONS!.rows).toHaveLength(1);
    expect(book.LAYERS!.header.slice(0, 4)).toEqual(['layer_tag', 'created_by', 'layer_id', 'image_id']);
    expect(book.LAYERS!.rows.map((r) => r.slice(0, 4))).toEqual([['img-abcdef-layer-01', '/bin/sh -c #(nop) ADD file', 'sha256:1111', 'abcdef123456']]);
    expect(book.PACKAGES!.rows).toHaveLength(api.packages!.length);
    expect(book.DEPENDENCIES!.rows).toHaveLength(api.dependencies!.length);
    expect(book.RESOURCES!.rows).toHaveLength(api.files!.length);
    expect(book.RELATIONS!.rows).toHaveLength(api.relations!.length);
    expect(book.MESSAGES!.rows).toHaveLength(1);
    expect(book.TODOS!.rows.map((r) => r[0])).toEqual(['app/review.c']);
    expect(book.VULNERABILITIES!.header).toEqual(['object_type', 'package_url', 'vulnerability_id', 'aliases', 'summary', 'risk_score', 'exploitability', 'weighted_severity', 'resource_url', 'xlsx_errors']);
    expect(book.VULNERABILITIES!.rows.map((r) => r.slice(0, 5))).toEqual([['package', 'pkg:npm/app@1.0.0', 'VCID-1', null, 'bad bug']]);
    // Without policies there is no compliance_alert column; nested data is left out.
    expect(book.RESOURCES!.header).not.toContain('compliance_alert');
    expect(book.PACKAGES!.header).not.toContain('license_detections');
    expect(book.PACKAGES!.header.at(-1)).toBe('xlsx_errors');
    const cell = (sheet: string, rowKey: string, column: string) => {
      const { header, rows } = book[sheet]!;
      const row = rows.find((r) => r[0] === rowKey || r.includes(rowKey))!;
      return row[header.indexOf(column)];
    };
    expect(cell('RESOURCES', 'app/LICENSE', 'copyrights')).toBe('Copyright (c) Jane');
    expect(cell('RESOURCES', 'app/package.json', 'is_manifest')).toBe('True');
    expect(cell('RESOURCES', 'app/package.json', 'is_binary')).toBeNull();
    expect(cell('RESOURCES', 'app/huge.txt', 'copyrights')).toHaveLength(32767);
    expect(cell('RESOURCES', 'app/huge.txt', 'xlsx_errors')).toBe('The value of: copyrights has been truncated from: 40014 to 32767 length to fit in an XLSX cell maximum length');
    expect(cell('PACKAGES', 'pkg:npm/app@1.0.0', 'description')).toBe('line 1\nline 2\nline 3\nline 4\nline 5');
  });

  it('adds the compliance_alert columns when license policies apply to the project', async () => {
    const { uuid: governed } = await createProject(t, {
      name: 'governed',
      settings: { policies: { license_policies: [{ license_key: 'mit', label: 'Approved', compliance_alert: '' }] } },
    });
    await makeResources(t.db, governed, [{ path: 'x.c', compliance_alert: 'missing' }]);
    const res = await download(t, `/api/projects/${governed}/results_download/?output_format=xlsx`);
    const file = path.join(makeTempDir(), 'governed.xlsx');
    fs.writeFileSync(file, res.body);
    const book = readXlsx(file);
    expect(book.RESOURCES!.header).toContain('compliance_alert');
    expect(book.PACKAGES!.header).toContain('compliance_alert');
    expect(book.RESOURCES!.rows[0]![book.RESOURCES!.header.indexOf('compliance_alert')]).toBe('missing');
  });

  it('writes SPDX 2.3 and 2.2 JSON that validate against the SPDX schema, and tag-value with the same content', async () => {
    for (const version of ['2.3', '2.2']) {
      const res = await download(t, `/api/projects/${uuid}/results_download/?output_format=spdx&version=${version}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/results-[\d-]+\.spdx\.json"$/);
      const doc = JSON.parse(res.body.toString()) as Record<string, unknown> & { packages: Record<string, unknown>[]; relationships: Record<string, string>[] };
      expect(spdxSchemaErrors(doc)).toEqual([]);
      expect(doc.spdxVersion).toBe(`SPDX-${version}`);
      const app = doc.packages.find((p) => p.name === 'app')!;
      expect(app).toMatchObject({ versionInfo: '1.0.0', licenseDeclared: 'MIT AND LicenseRef-scanloom-unknown-custom', externalRefs: [{ referenceType: 'purl', referenceLocator: 'pkg:npm/app@1.0.0', referenceCategory: version === '2.3' ? 'PACKAGE-MANAGER' : 'PACKAGE_MANAGER' }] });
      expect(doc.hasExtractedLicensingInfos).toEqual([expect.objectContaining({ licenseId: 'LicenseRef-scanloom-unknown-custom' })]);
      const leftPad = doc.packages.find((p) => p.name === 'left-pad')!;
      const mocha = doc.packages.find((p) => p.name === 'mocha')!;
      expect(doc.relationships).toEqual(expect.arrayContaining([
        { spdxElementId: leftPad.SPDXID, relatedSpdxElement: app.SPDXID, relationshipType: 'DEPENDENCY_OF' },
        { spdxElementId: mocha.SPDXID, relatedSpdxElement: app.SPDXID, relationshipType: 'DEPENDENCY_OF' },
      ]));
      const tv = (await download(t, `/api/projects/${uuid}/results_download/?output_format=spdx-tag-value&version=${version}`)).body.toString();
      expect(tv.startsWith(`SPDXVersion: SPDX-${version}\n`)).toBe(true);
      expect(parseTagValuePackages(tv)).toEqual(doc.packages.map((p) => ({ PackageName: p.name, SPDXID: p.SPDXID, PackageLicenseConcluded: p.licenseConcluded })));
      expect(tv.match(/^Relationship: /gm)).toHaveLength(doc.relationships.length);
    }
  });

  it('writes CycloneDX JSON (1.6, 1.5, 1.4) and XML that the library validators accept', async () => {
    for (const version of ['1.6', '1.5', '1.4'] as const) {
      const json = (await download(t, `/api/projects/${uuid}/results_download/?output_format=cyclonedx&version=${version}`)).body.toString();
      expect(await cycloneDxErrors(json, version, 'json')).toBeNull();
      const bom = JSON.parse(json) as { specVersion: string; components: Record<string, unknown>[]; dependencies: { ref: string; dependsOn?: string[] }[]; vulnerabilities?: unknown[] };
      expect(bom.specVersion).toBe(version);
      expect(bom.components.map((c) => c.purl)).toEqual(['pkg:npm/app@1.0.0', 'pkg:npm/left-pad@1.3.0']);
      expect(bom.components[0]).toMatchObject({ 'bom-ref': `pkg:npm/app@1.0.0?uuid=${uuid}`, licenses: [{ expression: 'MIT AND LicenseRef-scanloom-unknown-custom' }] });
      expect(bom.dependencies).toEqual(expect.arrayContaining([
        { ref: uuid, dependsOn: [`pkg:npm/app@1.0.0?uuid=${uuid}`, `pkg:npm/left-pad@1.3.0?uuid=${uuid}`] },
        { ref: `pkg:npm/app@1.0.0?uuid=${uuid}`, dependsOn: [`pkg:npm/left-pad@1.3.0?uuid=${uuid}`] },
      ]));
      expect(bom.vulnerabilities).toHaveLength(1);
      const xml = await download(t, `/api/projects/${uuid}/results_download/?output_format=cyclonedx-xml&version=${version}`);
      expect(xml.headers['content-disposition']).toMatch(/\.cdx\.xml"$/);
      expect(await cycloneDxErrors(xml.body.toString(), version, 'xml')).toBeNull();
    }
  });

  it('renders the attribution page with license texts, and a template from the workspace replaces the built-in one', async () => {
    const html = (await download(t, `/api/projects/${uuid}/results_download/?output_format=attribution`)).body.toString();
    expect(html).toContain('<h3>pkg:npm/app@1.0.0</h3>');
    expect(html).toContain('<a href="#license_mit">MIT</a> AND <a href="#license_unknown-custom">LicenseRef-scanloom-unknown-custom</a>');
    expect(html).toContain('Permission is hereby granted, free of charge');
    expect(html).toContain('<pre>NOTICE: app</pre>');
    const templates = path.join(t.workspace, 'templates');
    fs.mkdirSync(templates, { recursive: true });
    fs.writeFileSync(path.join(templates, 'attribution.html'), '{% for p in packages %}[{{ forloop.counter }} {{ p.name|upper }}]{% endfor %}{{ p.constructor }}');
    try {
      const custom = (await download(t, `/api/projects/${uuid}/results_download/?output_format=attribution`)).body.toString();
      expect(custom).toBe('[1 APP][2 LEFT-PAD]');
      fs.writeFileSync(path.join(templates, 'attribution.html'), '{% include "other.html" %}');
      const broken = await request(t.url).get(`/api/projects/${uuid}/results_download/?output_format=attribution`);
      expect(broken.status).toBe(400);
      expect(broken.body).toEqual({ status: 'The attribution template cannot be rendered: Unsupported tag: {% include "other.html" %}' });
    } finally {
      fs.rmSync(templates, { recursive: true });
    }
  });

  it('writes the ORT package list as ScanCode.io does', async () => {
    const res = await download(t, `/api/projects/${uuid}/results_download/?output_format=ort-package-list`);
    expect(res.headers['content-disposition']).toMatch(/results-[\d-]+\.package-list\.yml"$/);
    const list = parseYaml(res.body.toString()) as { projectName: string; dependencies: Record<string, unknown>[] };
    expect(list.projectName).toBe(name);
    expect(list.dependencies[0]).toEqual({
      id: 'npm::app:1.0.0',
      purl: 'pkg:npm/app@1.0.0',
      vcs: { type: null, url: null, revision: null, path: null },
      sourceArtifact: { url: '' },
      declaredLicenses: ['MIT AND LicenseRef-scanloom-unknown-custom'],
      description: 'line 1\nline 2\nline 3\nline 4\nline 5\nline 6',
      homepageUrl: 'https://example.com/app',
      authors: ['Jane'],
    });
  });

  it('lists the files written to output/ and serves them, refusing names that are not there', async () => {
    const list = await request(t.url).get(`/api/projects/${uuid}/outputs/`);
    expect(list.status).toBe(200);
    const names = (list.body as { filename: string; download_url: string }[]).map((o) => o.filename);
    expect(names.some((n) => /^results-[\d-]+\.xlsx$/.test(n))).toBe(true);
    expect(names.some((n) => /^results-[\d-]+\.spdx\.json$/.test(n))).toBe(true);
    const spdx = (list.body as { filename: string; download_url: string }[]).find((o) => o.filename.endsWith('.spdx.json'))!;
    expect(spdx.download_url).toBe(`${t.url}/api/projects/${uuid}/outputs/?filename=${spdx.filename}`);
    const fetched = await request(t.url).get(new URL(spdx.download_url).pathname + new URL(spdx.download_url).search);
    expect(fetched.status).toBe(200);
    expect(fetched.headers['content-disposition']).toBeUndefined();
    for (const bad of ['nope.json', '../../scanloom.sqlite3', '.', '']) {
      const res = await request(t.url).get(`/api/projects/${uuid}/outputs/`).query({ filename: bad });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ status: `Output file ${bad} not found` });
    }
  });

  it('zips every format now (all_formats) or every existing output (all_outputs)', async () => {
    const all = await download(t, `/api/projects/${uuid}/results_download/?output_format=all_formats`);
    expect(all.status).toBe(200);
    expect(all.headers['content-disposition']).toBe('attachment; filename="scancodeio_my_app_1.0_my_app_1.0_outputs.zip"');
    const entries = await zipEntries(all.body);
    expect(entries.map((e) => e.replace(/-[\d-]+\./, '-TS.')).sort()).toEqual([
      'my_app_1.0_results-TS.attribution.html',
      'my_app_1.0_results-TS.cdx.json',
      'my_app_1.0_results-TS.json',
      'my_app_1.0_results-TS.package-list.yml',
      'my_app_1.0_results-TS.spdx.json',
      'my_app_1.0_results-TS.xlsx',
    ]);
    const outputs = ((await request(t.url).get(`/api/projects/${uuid}/outputs/`)).body as { filename: string }[]).map((o) => o.filename);
    const existing = await zipEntries((await download(t, `/api/projects/${uuid}/results_download/?output_format=all_outputs`)).body);
    expect(existing).toEqual(outputs);
  });

  it('answers an unknown format or version with a 400 naming the allowed values', async () => {
    const format = await request(t.url).get(`/api/projects/${uuid}/results_download/?output_format=pdf`);
    expect(format.status).toBe(400);
    expect(format.body).toEqual({ status: 'Format pdf not supported.', choices: 'json, xlsx, spdx, spdx-tag-value, cyclonedx, cyclonedx-xml, attribution, ort-package-list, all_formats, all_outputs' });
    const version = await request(t.url).get(`/api/projects/${uuid}/results_download/?output_format=cyclonedx&version=2.0`);
    expect(version.status).toBe(400);
    expect(version.body).toEqual({ status: 'Version 2.0 of cyclonedx not supported.', choices: '1.6, 1.5, 1.4' });
    const spdx = await request(t.url).get(`/api/projects/${uuid}/results_download/?output_format=spdx&version=1.6`);
    expect(spdx.body).toEqual({ status: 'Version 1.6 of spdx not supported.', choices: '2.3, 2.2' });
  });

  it('builds the cross-project XLSX report over the projects the filters select', async () => {
    const other = await seedProject(t, 'other project', ['release']);
    await seedProject(t, 'unlabelled');
    const missing = await request(t.url).get('/api/projects/report/');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'Specifies the model to include in the XLSX report. Using: ?model=MODEL', choices: 'package, dependency, resource, relation, message, todo' });
    const invalid = await request(t.url).get('/api/projects/report/?model=cats');
    expect(invalid.body).toEqual({ error: 'cats is not on of the valid choices', choices: 'package, dependency, resource, relation, message, todo' });
    const dir = makeTempDir();
    for (const [model, sheet, perProject] of [['package', 'PACKAGES', 2], ['dependency', 'DEPENDENCIES', 2], ['resource', 'RESOURCES', 6], ['relation', 'RELATIONS', 1], ['message', 'MESSAGES', 1], ['todo', 'TODOS', 1]] as const) {
      const res = await download(t, `/api/projects/report/?model=${model}&label=release`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="scancodeio-report-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.xlsx"$/);
      const file = path.join(dir, `${model}.xlsx`);
      fs.writeFileSync(file, res.body);
      const book = readXlsx(file);
      expect(Object.keys(book)).toEqual([sheet]);
      expect(book[sheet]!.header[0]).toBe('project');
      expect(book[sheet]!.rows.map((r) => r[0]).sort()).toEqual([...Array<string>(perProject).fill('My App 1.0'), ...Array<string>(perProject).fill('other project')]);
    }
    expect(other).toBeTruthy();
  });
});

/** The name, id and concluded license of each package block of an SPDX tag-value document. */
function parseTagValuePackages(text: string): Record<string, string>[] {
  const packages: Record<string, string>[] = [];
  for (const block of text.split('\n## Package\n').slice(1)) {
    const tags: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const match = /^(PackageName|SPDXID|PackageLicenseConcluded): (.*)$/.exec(line);
      if (match?.[1] && match[2] !== undefined) {
        tags[match[1]] = match[2];
      }
    }
    packages.push(tags);
  }
  return packages;
}
