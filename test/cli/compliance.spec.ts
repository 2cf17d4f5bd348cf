import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { configToEnv } from '../../src/config/config';
import { startTestApp, type TestApp } from '../support/app';
import { runCli } from '../support/cli';
import { describeWithDb } from '../support/db';
import { makePackage, makeResources } from '../support/factories';
import { createProject } from '../support/runs';

const POLICIES = `license_policies:
  - license_key: mit
    compliance_alert: ''
  - license_key: mpl-2.0
    compliance_alert: warning
  - license_key: gpl-3.0
    compliance_alert: error
`;

/** Each test starts several CLI processes, each booting the services: slow on a busy machine. */
const CLI_TIMEOUT_MS = 180_000;

describeWithDb('scanloom check-compliance and add-webhook', () => {
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({}, { executeRuns: false, superviseRuns: false });
    env = { ...configToEnv(t.config), SCANLOOM_LOG_LEVEL: 'warn' };
    delete env.REDIS_URL;
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    await t.close();
  }, CLI_TIMEOUT_MS);

  /** A project whose resources carry the given expressions, with alerts computed from POLICIES. */
  async function project(name: string, expressions: Record<string, string>, extraData: Record<string, unknown> = {}): Promise<string> {
    const { uuid } = await createProject(t, { name, settings: { policies: POLICIES }, extra_data: extraData });
    await makeResources(t.db, uuid, Object.entries(expressions).map(([p, e]) => ({ path: p, detected_license_expression: e })));
    await request(t.url).post(`/api/projects/${uuid}/policies/`).send({ policies: POLICIES }).expect(200);
    return uuid;
  }

  it('exits 0 when nothing reaches the fail level', async () => {
    await project('clean', { 'a.c': 'mit', 'b.c': 'mpl-2.0', 'c.c': 'bsd-new' });
    const result = await runCli(['check-compliance', '--project', 'clean'], env);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
  }, CLI_TIMEOUT_MS);

  it('exits 1 and reports the issues at or above the fail level on stderr', async () => {
    await project('issues', { 'a.c': 'mit', 'b.c': 'mpl-2.0', 'c.c': 'bsd-new', 'd.c': 'gpl-3.0', 'e.c': 'gpl-3.0 OR mit' });
    const errors = await runCli(['check-compliance', '--project', 'issues'], env);
    expect(errors).toMatchObject({ code: 1, stdout: '', stderr: '2 compliance issues detected.\n[resources]\n > ERROR: 2\n' });
    const warnings = await runCli(['check-compliance', '--project', 'issues', '--fail-level', 'WARNING'], env);
    expect(warnings).toMatchObject({ code: 1, stderr: '3 compliance issues detected.\n[resources]\n > ERROR: 2\n > WARNING: 1\n' });
    const missing = await runCli(['check-compliance', '--project', 'issues', '--fail-level', 'MISSING', '--verbosity', '2'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('4 compliance issues detected.\n[resources]\n > ERROR: 2\n   d.c\n   e.c\n > WARNING: 1\n   b.c\n > MISSING: 1\n   c.c\n');
    const quiet = await runCli(['check-compliance', '--project', 'issues', '--verbosity', '0'], env);
    expect(quiet).toMatchObject({ code: 1, stderr: '' });
  }, CLI_TIMEOUT_MS);

  it('counts license clarity and scorecard alerts whatever the fail level', async () => {
    await project('clarity', { 'a.c': 'mit' }, { license_clarity_compliance_alert: 'warning', scorecard_compliance_alert: 'ok' });
    const result = await runCli(['check-compliance', '--project', 'clarity', '--fail-level', 'ERROR'], env);
    expect(result).toMatchObject({ code: 1, stderr: '1 compliance issues detected.\n[license clarity]\n > WARNING\n' });
  }, CLI_TIMEOUT_MS);

  it('fails on known vulnerabilities when asked to', async () => {
    const uuid = await project('vulnerable', { 'a.c': 'mit' });
    const clean = await runCli(['check-compliance', '--project', 'vulnerable', '--fail-on-vulnerabilities'], env);
    expect(clean).toMatchObject({ code: 0, stdout: 'No vulnerabilities found\n' });
    await makePackage(t.db, uuid, { type: 'npm', name: 'lodash', version: '4.17.20', affected_by_vulnerabilities: [{ vulnerability_id: 'VCID-1234-abcd' }] }, []);
    const result = await runCli(['check-compliance', '--project', 'vulnerable', '--fail-on-vulnerabilities'], env);
    expect(result).toMatchObject({ code: 1, stderr: '1 vulnerabilities found:\nVCID-1234-abcd\n > pkg:npm/lodash@4.17.20\n' });
  }, CLI_TIMEOUT_MS);

  it('refuses an unknown fail level (usage error, exit 2) and an unknown project (exit 1)', async () => {
    const level = await runCli(['check-compliance', '--project', 'issues', '--fail-level', 'CRITICAL'], env);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('Allowed choices are ERROR, WARNING, MISSING.');
    const missing = await runCli(['check-compliance', '--project', 'nowhere'], env);
    expect(missing).toMatchObject({ code: 1, stderr: 'CommandError: Project nowhere does not exist\n' });
  }, CLI_TIMEOUT_MS);

  it('add-webhook subscribes a webhook with its options', async () => {
    const { uuid } = await createProject(t, { name: 'cli hooks' });
    const added = await runCli(['add-webhook', '--project', 'cli hooks', 'https://ci.example/hook', '--trigger-on-each-run', '--include-summary', '--inactive', '--secret', 's'], env);
    expect(added).toMatchObject({ code: 0, stdout: "Webhook successfully added to project 'cli hooks' (inactive).\n" });
    const list = await request(t.url).get(`/api/projects/${uuid}/webhooks/`).expect(200);
    expect(list.body).toMatchObject([
      { target_url: 'https://ci.example/hook', trigger_on_each_run: true, include_summary: true, include_results: false, is_active: false, has_secret: true },
    ]);
    expect(await runCli(['add-webhook', '--project', 'cli hooks', 'not-a-url'], env)).toMatchObject({ code: 1, stderr: 'CommandError: Invalid URL: not-a-url\n' });
    const loopback = await runCli(['add-webhook', '--project', 'cli hooks', 'http://127.0.0.1:9000/hook'], env);
    expect(loopback.code).toBe(1);
    expect(loopback.stderr).toMatch(/^CommandError: http:\/\/127\.0\.0\.1:9000\/hook: 127\.0\.0\.1 is a loopback address\. .*SCANLOOM_ALLOW_PRIVATE_URLS=true\.\n$/);
    expect(await runCli(['add-webhook', '--project', 'nowhere', 'https://ci.example/hook'], env)).toMatchObject({ code: 1, stderr: 'CommandError: Project nowhere does not exist\n' });
  }, CLI_TIMEOUT_MS);

  it('serve refuses to start with an invalid global policies file', async () => {
    const file = path.join(t.workspace, 'bad-policies.yml');
    fs.writeFileSync(file, 'license_policies:\n  - license_key: mit\n    compliance_alert: maybe\n');
    const result = await runCli(['serve'], { ...env, SCANLOOM_POLICIES_FILE: file, PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `ConfigError: Invalid configuration: SCANLOOM_POLICIES_FILE names an invalid policies file (${file}): The license_policies entry 1 (mit) has compliance_alert "maybe": use '' (approved), 'warning' or 'error'.\n`,
    );
  }, CLI_TIMEOUT_MS);
});
