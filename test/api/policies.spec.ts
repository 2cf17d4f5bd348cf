import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { loadConfig } from '../../src/config/config';
import { describeWithDb, makeTempDir } from '../support/db';
import { makeLicense, makePackage, makeResources } from '../support/factories';
import { createProject, isFinished, waitForRun } from '../support/runs';

const POLICIES = `
license_policies:
  - license_key: mit
    label: Approved License
    compliance_alert: ''
  - license_key: Apache-2.0
    compliance_alert: ''
  - license_key: mpl-2.0
    label: Restricted License
    compliance_alert: warning
  - license_key: gpl-3.0
    label: Prohibited License
    compliance_alert: error
license_clarity_thresholds:
  91: ok
  80: warning
  0: error
`;

describeWithDb('policies and compliance', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = makeTempDir('scanloom-policies-');
    fs.writeFileSync(path.join(dir, 'policies.yml'), POLICIES);
    t = await startTestApp({ SCANLOOM_POLICIES_FILE: path.join(dir, 'policies.yml') });
  });

  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A project with resources, packages and license detections under the given expressions. */
  async function projectWithRows(name: string, settings: Record<string, unknown> = {}): Promise<string> {
    const { uuid } = await createProject(t, { name, settings });
    await makeResources(t.db, uuid, [
      { path: 'src/a.c', detected_license_expression: 'mit' },
      { path: 'src/b.c', detected_license_expression: 'mit OR gpl-3.0' },
      { path: 'src/c.c', detected_license_expression: 'mpl-2.0 AND mit' },
      { path: 'src/d.c', detected_license_expression: 'mit AND bsd-new' },
      { path: 'src/e.c', detected_license_expression: '' },
    ]);
    await makePackage(t.db, uuid, { type: 'npm', name: 'zed', version: '1.0.0', declared_license_expression: 'gpl-3.0' }, []);
    await makePackage(t.db, uuid, { type: 'npm', namespace: '@acme', name: 'alpha', version: '2.0.0', declared_license_expression: 'apache-2.0 AND mpl-2.0' }, []);
    await makePackage(t.db, uuid, { type: 'generic', name: 'ok', version: '1', declared_license_expression: 'Apache-2.0' }, []);
    await makeLicense(t.db, uuid, { identifier: 'gpl_3_0-4f1b', license_expression: 'gpl-3.0' });
    await makeLicense(t.db, uuid, { identifier: 'unknown_x-9a0c', license_expression: 'unknown-license-reference' });
    return uuid;
  }

  it('shows the global policies file', async () => {
    const res = await request(t.url).get('/api/policies/').expect(200);
    expect(res.body.policies_file).toBe(path.join(dir, 'policies.yml'));
    expect(res.body.license_policies_enabled).toBe(true);
    expect(res.body.policies.license_policies[3]).toEqual({ license_key: 'gpl-3.0', label: 'Prohibited License', compliance_alert: 'error' });
    expect(res.body.policies.license_clarity_thresholds).toEqual({ '0': 'error', '80': 'warning', '91': 'ok' });
  });

  it('reports alerts at each fail level, in ScanCode.io order and shape', async () => {
    const uuid = await projectWithRows('compliance levels');
    // Rows created outside a run get their alerts when the policies are applied.
    const view = await request(t.url).get(`/api/projects/${uuid}/policies/`).expect(200);
    expect(view.body).toMatchObject({ source: 'global', location: path.join(dir, 'policies.yml'), license_policies_enabled: true });
    await request(t.url).post(`/api/projects/${uuid}/policies/`).send({ policies: null }).expect(200);

    const errors = await request(t.url).get(`/api/projects/${uuid}/compliance/`).expect(200);
    expect(errors.body).toEqual({
      compliance_alerts: {
        packages: { error: ['pkg:npm/zed@1.0.0'] },
        license_detections: { error: ['gpl_3_0-4f1b'] },
        resources: { error: ['src/b.c'] },
      },
    });
    const warnings = await request(t.url).get(`/api/projects/${uuid}/compliance/?fail_level=WARNING`).expect(200);
    expect(warnings.body.compliance_alerts).toEqual({
      packages: { error: ['pkg:npm/zed@1.0.0'], warning: ['pkg:npm/%40acme/alpha@2.0.0'] },
      license_detections: { error: ['gpl_3_0-4f1b'] },
      resources: { error: ['src/b.c'], warning: ['src/c.c'] },
    });
    const missing = await request(t.url).get(`/api/projects/${uuid}/compliance/?fail_level=missing`).expect(200);
    expect(Object.keys(missing.body.compliance_alerts.resources)).toEqual(['error', 'warning', 'missing']);
    expect(missing.body.compliance_alerts.resources.missing).toEqual(['src/d.c']);
    expect(missing.body.compliance_alerts.license_detections).toEqual({ error: ['gpl_3_0-4f1b'], missing: ['unknown_x-9a0c'] });
  });

  it('stores alerts on rows and filters lists by them', async () => {
    const uuid = await projectWithRows('compliance filters');
    await request(t.url).post(`/api/projects/${uuid}/policies/`).send({ policies: '' }).expect(200);
    const resources = await request(t.url).get(`/api/projects/${uuid}/resources/`).expect(200);
    expect(Object.fromEntries(resources.body.results.map((r: { path: string; compliance_alert: string }) => [r.path, r.compliance_alert]))).toEqual({
      'src/a.c': 'ok',
      'src/b.c': 'error',
      'src/c.c': 'warning',
      'src/d.c': 'missing',
      'src/e.c': '',
    });
    const filtered = await request(t.url).get(`/api/projects/${uuid}/resources/?compliance_alert=missing`).expect(200);
    expect(filtered.body.results.map((r: { path: string }) => r.path)).toEqual(['src/d.c']);
    const packages = await request(t.url).get(`/api/projects/${uuid}/packages/?compliance_alert=error`).expect(200);
    expect(packages.body.results.map((p: { purl: string; compliance_alert: string }) => [p.purl, p.compliance_alert])).toEqual([['pkg:npm/zed@1.0.0', 'error']]);
  });

  it('recomputes stored alerts as soon as the project policies change', async () => {
    const uuid = await projectWithRows('policy change');
    await request(t.url).post(`/api/projects/${uuid}/policies/`).send({}).expect(200);
    expect((await request(t.url).get(`/api/projects/${uuid}/compliance/`)).body.compliance_alerts.resources).toEqual({ error: ['src/b.c'] });

    const stricter = 'license_policies:\n  - license_key: MIT\n    compliance_alert: error\n';
    const res = await request(t.url).post(`/api/projects/${uuid}/policies/`).send({ policies: stricter }).expect(200);
    expect(res.body).toMatchObject({ source: 'settings', location: 'settings.policies', license_policies_enabled: true });
    expect(res.body.policies).toEqual({ license_policies: [{ license_key: 'MIT', label: '', compliance_alert: 'error' }] });
    const after = await request(t.url).get(`/api/projects/${uuid}/compliance/`).expect(200);
    expect(after.body.compliance_alerts.resources).toEqual({ error: ['src/a.c', 'src/b.c', 'src/c.c', 'src/d.c'] });
    const detail = await request(t.url).get(`/api/projects/${uuid}/`).expect(200);
    expect(detail.body.settings.policies).toBe(stricter);

    // Policies without license rules disable alerts: every stored alert is cleared.
    await request(t.url).post(`/api/projects/${uuid}/policies/`).send({ policies: { license_clarity_thresholds: { '50': 'ok', '0': 'error' } } }).expect(200);
    expect((await request(t.url).get(`/api/projects/${uuid}/compliance/?fail_level=missing`)).body).toEqual({ compliance_alerts: {} });
    const resources = await request(t.url).get(`/api/projects/${uuid}/resources/?compliance_alert=_EMPTY_`).expect(200);
    expect(resources.body.count).toBe(5);
  });

  it('refuses invalid policies and bad fail levels with a 400 that says why', async () => {
    const { uuid } = await createProject(t, { name: 'bad policies' });
    const bad = await request(t.url)
      .post(`/api/projects/${uuid}/policies/`)
      .send({ policies: 'license_clarity_thresholds:\n  0: error\n  90: ok\n' })
      .expect(400);
    expect(bad.body).toEqual({ policies: ['Thresholds must be strictly descending'] });
    const level = await request(t.url).get(`/api/projects/${uuid}/compliance/?fail_level=critical`).expect(400);
    expect(level.body).toEqual({ fail_level: ['"critical" is not a valid fail level: use ERROR, WARNING or MISSING.'] });
    await request(t.url).get('/api/projects/00000000-0000-4000-8000-000000000000/compliance/').expect(404);
  });

  it('validates settings.policies when a project is created', async () => {
    const res = await request(t.url)
      .post('/api/projects/')
      .send({ name: 'invalid settings policies', settings: { policies: 'license_policies:\n  - compliance_alert: error\n' } })
      .expect(400);
    expect(res.body).toEqual({ settings: { policies: ['The license_policies entry 1 has no license_key (a ScanCode license key or an SPDX id).'] } });
    const yamlError = await request(t.url).post('/api/projects/').send({ name: 'yaml error', settings: { policies: 'license_policies: [' } }).expect(400);
    expect(yamlError.body.settings.policies[0]).toMatch(/^Policies file format error: /);
  });

  it('has no clarity or scorecard alert until one is computed', async () => {
    const { uuid } = await createProject(t, { name: 'no alerts yet' });
    expect((await request(t.url).get(`/api/projects/${uuid}/license_clarity_compliance/`).expect(200)).body).toEqual({ license_clarity_compliance_alert: null });
    expect((await request(t.url).get(`/api/projects/${uuid}/scorecard_compliance/`).expect(200)).body).toEqual({ scorecard_compliance_alert: null });
  });

  it('computes alerts at the end of a run with settings.policies, and the clarity alert of a summary', async () => {
    const created = await createProject(t, {
      name: 'run with settings policies',
      pipeline: 'test_licensed_files',
      execute_now: true,
      settings: {
        licensed_files: { 'a.txt': 'mit', 'b.txt': 'gpl-2.0 OR mit' },
        policies: 'license_policies:\n  - license_key: gpl-2.0\n    compliance_alert: warning\nlicense_clarity_thresholds:\n  90: ok\n  50: warning\n  0: error\n',
        clarity_score: 62,
      },
    });
    const run = await waitForRun(t, created.runs[0]!.uuid, isFinished);
    expect(run.status).toBe('success');
    const alerts = await request(t.url).get(`/api/projects/${created.uuid}/compliance/?fail_level=missing`).expect(200);
    expect(alerts.body.compliance_alerts).toEqual({ resources: { warning: ['b.txt'], missing: ['a.txt'] } });
    expect((await request(t.url).get(`/api/projects/${created.uuid}/license_clarity_compliance/`)).body).toEqual({ license_clarity_compliance_alert: 'warning' });
  });

  it('uses a policies.yml among the inputs, and fails the run when it is invalid', async () => {
    const good = await request(t.url)
      .post('/api/projects/')
      .field('name', 'input policies')
      .field('pipeline', 'test_licensed_files')
      .field('settings', JSON.stringify({ licensed_files: { 'a.txt': 'mit' } }))
      .attach('upload_file', Buffer.from('license_policies:\n  - license_key: mit\n    compliance_alert: error\n'), 'policies.yml')
      .expect(201);
    const view = await request(t.url).get(`/api/projects/${good.body.uuid}/policies/`).expect(200);
    expect(view.body).toMatchObject({ source: 'input', location: 'input/policies.yml' });
    await request(t.url).post(`/api/runs/${good.body.runs[0].uuid}/start_pipeline/`).expect(200);
    expect((await waitForRun(t, good.body.runs[0].uuid, isFinished)).status).toBe('success');
    expect((await request(t.url).get(`/api/projects/${good.body.uuid}/compliance/`)).body.compliance_alerts).toEqual({ resources: { error: ['a.txt'] } });

    const bad = await request(t.url)
      .post('/api/projects/')
      .field('name', 'bad input policies')
      .field('pipeline', 'test_licensed_files')
      .field('execute_now', 'true')
      .attach('upload_file', Buffer.from('license_policies:\n  - license_key: mit\n    compliance_alert: forbidden\n'), 'policies.yml')
      .expect(201);
    const failed = await waitForRun(t, bad.body.runs[0].uuid, isFinished);
    expect(failed.status).toBe('failure');
    expect(failed.task_output).toContain("Invalid policies in input/policies.yml: The license_policies entry 1 (mit) has compliance_alert \"forbidden\"");
    const badView = await request(t.url).get(`/api/projects/${bad.body.uuid}/policies/`).expect(200);
    expect(badView.body).toMatchObject({ source: 'input', location: 'input/policies.yml', policies: null });
    expect(badView.body.error).toMatch(/^Invalid policies in input\/policies.yml/);
  });
});

describeWithDb('the global policies file at startup', () => {
  it('refuses an invalid file before anything starts, naming the setting, the file and the problem', () => {
    const dir = makeTempDir('scanloom-bad-policies-');
    const file = path.join(dir, 'policies.yml');
    try {
      fs.writeFileSync(file, 'license_clarity_thresholds:\n  80: ok\n  90: warning\n');
      expect(() => loadConfig({ SCANLOOM_POLICIES_FILE: file }, dir)).toThrow(
        `Invalid configuration: SCANLOOM_POLICIES_FILE names an invalid policies file (${file}): Thresholds must be strictly descending`,
      );
      fs.writeFileSync(file, 'license_policies: [mit\n');
      expect(() => loadConfig({ SCANLOOM_POLICIES_FILE: file }, dir)).toThrow(/SCANLOOM_POLICIES_FILE names an invalid policies file .*: Policies file format error: /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts without global policies when the file is missing or holds only comments', async () => {
    const t = await startTestApp({ SCANLOOM_POLICIES_FILE: path.resolve(__dirname, '../../policies.yml') });
    try {
      const res = await request(t.url).get('/api/policies/').expect(200);
      expect(res.body).toMatchObject({ policies: null, license_policies_enabled: false });
    } finally {
      await t.close();
    }
  });
});
