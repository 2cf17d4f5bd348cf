import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, makeTempDir } from '../support/db';
import { isFinished, waitForRun } from '../support/runs';
import { cycloneDxErrors, readXlsx, spdxSchemaErrors } from '../support/validators';

const TARBALL = path.resolve(__dirname, '../fixtures/exports/express-4.21.2.tgz');

function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Every page of a nested list, through keyset paging. */
async function listAll(t: TestApp, url: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let next: string | null = `${url}?cursor=&page_size=100`;
  while (next) {
    const page: request.Response = await request(t.url).get(next.replace(t.url, '')).expect(200);
    rows.push(...(page.body as { results: Record<string, unknown>[] }).results);
    next = (page.body as { next: string | null }).next;
  }
  return rows;
}

describeWithDb('exports of a real npm package scanned end to end', () => {
  let t: TestApp;
  let uuid: string;
  const download = async (query: string) =>
    ((await request(t.url).get(`/api/projects/${uuid}/results_download/?${query}`).buffer(true).parse(binary).expect(200)).body as Buffer);

  beforeAll(async () => {
    t = await startTestApp();
    const created = await request(t.url)
      .post('/api/projects/')
      .field('name', 'express scan')
      .field('pipeline', 'scan_codebase')
      .field('execute_now', 'true')
      .attach('upload_file', TARBALL)
      .expect(201);
    uuid = (created.body as { uuid: string }).uuid;
    const run = await waitForRun(t, (created.body as { runs: { uuid: string }[] }).runs[0]!.uuid, isFinished, 120_000);
    expect(run.status).toBe('success');
  }, 150_000);
  afterAll(async () => {
    await t.close();
  });

  it('exports the scanned package and its declared dependencies in every format, each valid against its schema', async () => {
    const packages = await listAll(t, `/api/projects/${uuid}/packages/`);
    const dependencies = await listAll(t, `/api/projects/${uuid}/dependencies/`);
    const resources = await listAll(t, `/api/projects/${uuid}/resources/`);
    const express = packages.find((p) => p.name === 'express')!;
    expect(express).toMatchObject({ purl: 'pkg:npm/express@4.21.2', declared_license_expression_spdx: 'MIT' });
    expect(dependencies.length).toBeGreaterThanOrEqual(31);

    const results = JSON.parse((await download('output_format=json')).toString()) as Record<string, unknown[]>;
    expect(results.packages).toHaveLength(packages.length);
    expect(results.dependencies).toHaveLength(dependencies.length);
    expect(results.files).toHaveLength(resources.filter((r) => r.type !== 'symlink').length);

    const spdx = JSON.parse((await download('output_format=spdx')).toString()) as { packages: { name: string; SPDXID: string; licenseConcluded: string }[]; relationships: { relationshipType: string; relatedSpdxElement: string }[] };
    expect(spdxSchemaErrors(spdx)).toEqual([]);
    const spdxExpress = spdx.packages.find((p) => p.name === 'express')!;
    expect(spdxExpress.licenseConcluded).toBe('MIT');
    expect(spdx.relationships.filter((r) => r.relationshipType === 'DEPENDENCY_OF' && r.relatedSpdxElement === spdxExpress.SPDXID)).toHaveLength(dependencies.length);
    expect(spdxSchemaErrors(JSON.parse((await download('output_format=spdx&version=2.2')).toString()))).toEqual([]);

    for (const version of ['1.6', '1.5', '1.4'] as const) {
      const bom = (await download(`output_format=cyclonedx&version=${version}`)).toString();
      expect(await cycloneDxErrors(bom, version, 'json')).toBeNull();
      expect((JSON.parse(bom) as { components: { purl: string }[] }).components.map((c) => c.purl)).toContain('pkg:npm/express@4.21.2');
      expect(await cycloneDxErrors((await download(`output_format=cyclonedx-xml&version=${version}`)).toString(), version, 'xml')).toBeNull();
    }

    const file = path.join(makeTempDir(), 'express.xlsx');
    fs.writeFileSync(file, await download('output_format=xlsx'));
    const book = readXlsx(file);
    expect(book.PACKAGES!.rows).toHaveLength(packages.length);
    expect(book.DEPENDENCIES!.rows).toHaveLength(dependencies.length);
    expect(book.RESOURCES!.rows).toHaveLength(results.files!.length);
    expect(book.RELATIONS!.rows).toHaveLength(0);

    const html = (await download('output_format=attribution')).toString();
    expect(html).toContain('pkg:npm/express@4.21.2');
    expect(html).toContain('Permission is hereby granted, free of charge');
  });
});
