import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, makeTempDir } from '../support/db';
import { isFinished, waitForRun } from '../support/runs';

const WEIGHTS = { declared_license: 40, identification_precision: 40, has_license_text: 10, declared_copyrights: 10 };

/** A real npm package packed the way `npm pack` lays it out (package/…). */
function packSemver(): string {
  const dir = makeTempDir();
  fs.cpSync(path.resolve(__dirname, '../../node_modules/semver'), path.join(dir, 'package'), { recursive: true });
  const tarball = path.join(dir, 'semver.tgz');
  execFileSync('tar', ['-czf', tarball, '-C', dir, 'package']);
  return tarball;
}

describeWithDb('scan_single_package and the summary', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('scans a package archive and writes the summary with the license clarity score', async () => {
    const tarball = packSemver();
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../node_modules/semver/package.json'), 'utf8')) as { version: string; license: string };
    const created = await request(t.url)
      .post('/api/projects/')
      .field('name', 'semver single')
      .field('pipeline', 'scan_single_package')
      .attach('upload_file', tarball)
      .expect(201);
    const uuid = created.body.uuid as string;
    expect((await request(t.url).get(`/api/projects/${uuid}/summary/`).expect(400)).body).toEqual({ error: 'Summary file not available' });
    const started = await request(t.url).get(`/api/projects/${uuid}/`).expect(200);
    await request(t.url).post(`/api/runs/${started.body.runs[0].uuid}/start_pipeline/`).expect(200);
    const run = await waitForRun(t, started.body.runs[0].uuid, isFinished, 60_000);
    expect(run.status).toBe('success');

    const detail = (await request(t.url).get(`/api/projects/${uuid}/`).expect(200)).body;
    const bytes = fs.readFileSync(tarball);
    expect(detail.extra_data).toMatchObject({
      filename: 'semver.tgz',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      md5: createHash('md5').update(bytes).digest('hex'),
    });

    const summary = (await request(t.url).get(`/api/projects/${uuid}/summary/`).expect(200)).body;
    expect(summary.declared_license_expression).toBe(manifest.license.toLowerCase());
    expect(summary.primary_language).toBe('JavaScript');
    const score = summary.license_clarity_score;
    expect(score).toMatchObject({ declared_license: true, identification_precision: true, has_license_text: true, ambiguous_compound_licensing: false });
    // The copyright element follows what the scan found in the key files.
    const keyFiles = summary.key_files as { path: string; copyrights: unknown[]; content: string; is_key_file: boolean }[];
    expect(keyFiles.map((f) => f.path)).toEqual(expect.arrayContaining(['package/LICENSE', 'package/package.json']));
    expect(keyFiles.every((f) => f.is_key_file)).toBe(true);
    expect(keyFiles.find((f) => f.path === 'package/LICENSE')!.content).toBe(fs.readFileSync(path.resolve(__dirname, '../../node_modules/semver/LICENSE'), 'utf8'));
    expect(score.declared_copyrights).toBe(keyFiles.some((f) => f.copyrights.length > 0));
    const expected = Object.entries(WEIGHTS).reduce((sum, [key, weight]) => sum + (score[key] ? weight : 0), 0);
    expect(score.score).toBe(expected);
    expect(summary.key_files_packages.map((p: { purl: string }) => p.purl)).toEqual([`pkg:npm/semver@${manifest.version}`]);
    expect(Object.keys(summary.license_matches)).toContain('isc');
    const licenseMatch = summary.license_matches.isc['package/LICENSE'][0];
    const matchedText = licenseMatch.matches.map((m: { matched_text: string }) => m.matched_text).join('\n');
    expect(matchedText).toMatch(/The ISC License/);
    expect(matchedText).toMatch(/Permission to use, copy, modify/);

    const outputs = fs.readdirSync(path.join(t.workspace, 'projects', fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.startsWith('semver-single'))!, 'output'));
    expect(outputs.filter((name) => /^summary-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.json$/.test(name))).toHaveLength(1);
  });

  it('fails with ScanCode.io\'s message when the project has more than one input', async () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    fs.writeFileSync(path.join(dir, 'b.txt'), 'b');
    const created = await request(t.url)
      .post('/api/projects/')
      .field('name', 'two inputs')
      .field('pipeline', 'scan_single_package')
      .field('execute_now', 'true')
      .attach('upload_file', path.join(dir, 'a.txt'))
      .attach('upload_file', path.join(dir, 'b.txt'))
      .expect(201);
    const run = await waitForRun(t, created.body.runs[0].uuid, isFinished, 60_000);
    expect(run.status).toBe('failure');
    expect(run.task_output).toMatch(/Only 1 input file supported/);
  });
});
