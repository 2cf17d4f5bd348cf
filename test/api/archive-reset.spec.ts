import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { WebhookSubscription } from '../../src/webhooks/webhook-subscription.entity';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb } from '../support/db';
import { makeDependency, makeLicense, makeMessage, makePackage, makeRelation, makeResources } from '../support/factories';
import { createProject, isFinished, waitForRun, type RunBody } from '../support/runs';

interface Detail {
  uuid: string;
  is_archived: boolean;
  labels: string[];
  extra_data: Record<string, unknown>;
  runs: RunBody[];
  input_sources: { filename: string }[];
  input_root: string[];
  output_root: string[];
  resource_count: number;
  package_count: number;
  message_count: number;
  codebase_resources_summary: Record<string, number>;
  discovered_packages_summary: { total: number };
  discovered_dependencies_summary: { total: number };
  codebase_relations_summary: Record<string, number>;
}

describeWithDb('archive/ and reset/ actions', () => {
  let t: TestApp;
  const api = () => request(t.url);
  const detail = async (uuid: string) => (await api().get(`/api/projects/${uuid}/`).expect(200)).body as Detail;
  const folder = (uuid: string, sub: string) => path.join(t.workspace, 'projects', fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.endsWith(uuid.slice(0, 8)))!, sub);

  beforeAll(async () => {
    // The webhook target is a closed loopback port: deliveries fail at once, never leaving the machine.
    t = await startTestApp({ SCANLOOM_ALLOW_PRIVATE_URLS: 'true', SCANLOOM_WEBHOOK_RETRY_DELAYS: 'none' });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A project with an uploaded input, a finished run, results of every kind, files in each folder and a webhook. */
  async function scannedProject(name: string): Promise<string> {
    const res = await api()
      .post('/api/projects/')
      .field('name', name)
      .field('labels', 'audit')
      .field('pipeline', 'test_with_groups:foo')
      .field('execute_now', 'true')
      .field('webhook_url', 'http://127.0.0.1:9/hook')
      .attach('upload_file', Buffer.from('hello'), 'hello.txt')
      .expect(201);
    const uuid = (res.body as { uuid: string; runs: RunBody[] }).uuid;
    await waitForRun(t, (res.body as { runs: RunBody[] }).runs[0]!.uuid, isFinished);
    await makeResources(t.db, uuid, [{ path: 'a', type: 'directory' }, { path: 'a/x.c', status: 'scanned' }, { path: 'a/y.c' }]);
    await makePackage(t.db, uuid, { type: 'npm', name: 'left-pad', version: '1.0.0', package_uid: 'pkg:npm/left-pad@1.0.0?uuid=1' }, ['a/x.c']);
    await makeDependency(t.db, uuid, { name: 'dep' }, { for: 'pkg:npm/left-pad@1.0.0?uuid=1', datafile: 'a/x.c' });
    await makeRelation(t.db, uuid, 'a/x.c', 'a/y.c');
    await makeLicense(t.db, uuid, { identifier: 'mit-1', license_expression: 'mit' });
    await makeMessage(t.db, uuid, { description: 'boom' });
    await t.db.query(`UPDATE project SET extra_data = '{"images": []}', resource_count = 3 WHERE uuid = '${uuid}'`);
    fs.writeFileSync(path.join(folder(uuid, 'codebase'), 'x.c'), 'int x;');
    fs.writeFileSync(path.join(folder(uuid, 'output'), 'results.json'), '{}');
    fs.writeFileSync(path.join(folder(uuid, 'tmp'), 'scratch'), '');
    return uuid;
  }

  it('GET explains how to archive or reset, and a missing project is 404', async () => {
    const { uuid } = await createProject(t, { name: 'help' });
    expect((await api().get(`/api/projects/${uuid}/archive/`).expect(200)).body).toEqual({
      status:
        'POST on this URL to archive the project. You can choose to remove workspace directories by providing the ' +
        'following parameters: `remove_input=True`, `remove_codebase=True`, `remove_output=True`.',
    });
    expect((await api().get(`/api/projects/${uuid}/reset/`).expect(200)).body).toEqual({ status: 'POST on this URL to reset the project.' });
    expect((await detail(uuid)).is_archived).toBe(false);
    const missing = '6f1f2a51-7b1e-4c55-9d3c-0a9d6a4f0c11';
    await api().post(`/api/projects/${missing}/archive/`).send({}).expect(404);
    await api().post(`/api/projects/${missing}/reset/`).send({}).expect(404);
  });

  it('archive empties tmp/ and the chosen folders, keeps results, and then refuses new inputs', async () => {
    const uuid = await scannedProject('to archive');
    const res = await api().post(`/api/projects/${uuid}/archive/`).send({ remove_input: true }).expect(200);
    expect(res.body).toEqual({ status: 'The project to archive has been archived.' });
    const after = await detail(uuid);
    expect(after.is_archived).toBe(true);
    expect(after.input_root).toEqual([]);
    expect(after.input_sources.map((i) => i.filename)).toEqual(['hello.txt']);
    expect(after.output_root).toEqual(['results.json']);
    expect(fs.readdirSync(folder(uuid, 'codebase'))).toEqual(['x.c']);
    expect(fs.readdirSync(folder(uuid, 'tmp'))).toEqual([]);
    expect(after.codebase_resources_summary).toEqual({ '': 2, scanned: 1 });
    const add = await api().post(`/api/projects/${uuid}/add_input/`).send({ input_urls: ['https://example.com/a.zip'] });
    expect(add.status).toBe(400);
    expect(add.body).toEqual({ status: 'Cannot add inputs once a pipeline has started to execute.' });
    // Form booleans are read like DRF's: a bad value is a field error.
    const bad = await api().post(`/api/projects/${uuid}/archive/`).type('form').send({ remove_output: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ remove_output: ['Must be a valid boolean.'] });
  });

  it('reset deletes results, messages and runs, empties codebase/ output/ tmp/, keeps inputs, labels and webhooks', async () => {
    const uuid = await scannedProject('to reset');
    const res = await api().post(`/api/projects/${uuid}/reset/`).send({}).expect(200);
    expect(res.body).toEqual({ status: 'The to reset project has been reset.' });
    const after = await detail(uuid);
    expect(after).toMatchObject({
      runs: [],
      labels: ['audit'],
      extra_data: {},
      resource_count: 0,
      package_count: 0,
      message_count: 0,
      codebase_resources_summary: {},
      discovered_packages_summary: { total: 0 },
      discovered_dependencies_summary: { total: 0 },
      codebase_relations_summary: {},
      input_root: ['hello.txt'],
      output_root: [],
    });
    expect(after.input_sources.map((i) => i.filename)).toEqual(['hello.txt']);
    expect(fs.readdirSync(folder(uuid, 'codebase'))).toEqual([]);
    expect(fs.readdirSync(folder(uuid, 'tmp'))).toEqual([]);
    expect((await api().get(`/api/projects/${uuid}/messages/`).expect(200)).body.count).toBe(0);
    expect(await t.db.getRepository(WebhookSubscription).countBy({ project_uuid: uuid })).toBe(1);
    // Inputs can change again once the runs are gone.
    await api().post(`/api/projects/${uuid}/add_input/`).send({ input_urls: ['https://example.com/a.zip'] }).expect(201);
  });

  it('reset can drop inputs and webhooks, and restore the pipelines with their groups and run them', async () => {
    const uuid = await scannedProject('restore');
    await api()
      .post(`/api/projects/${uuid}/reset/`)
      .type('form')
      .send({ keep_input: 'false', keep_webhook: 'false', restore_pipelines: 'true', execute_now: 'true' })
      .expect(200);
    const after = await detail(uuid);
    expect(after.input_sources).toEqual([]);
    expect(after.input_root).toEqual([]);
    expect(await t.db.getRepository(WebhookSubscription).countBy({ project_uuid: uuid })).toBe(0);
    expect(after.runs).toHaveLength(1);
    expect(after.runs[0]).toMatchObject({ pipeline_name: 'test_with_groups', selected_groups: ['foo'] });
    const run = await waitForRun(t, after.runs[0]!.uuid, isFinished);
    expect(run.status).toBe('success');
    expect(run.log).toContain('foo_step ran');
  });

  it('archive and reset are refused while a run is in progress', async () => {
    const { uuid, runs } = await createProject(t, { name: 'busy', pipeline: ['test_sleep'], execute_now: true, settings: { sleep_seconds: 30 } });
    await waitForRun(t, runs[0]!.uuid, (run) => run.status === 'running');
    const archive = await api().post(`/api/projects/${uuid}/archive/`).send({}).expect(400);
    expect(archive.body).toEqual({ status: 'Cannot archive project while a run is in progress.' });
    const reset = await api().post(`/api/projects/${uuid}/reset/`).send({}).expect(400);
    expect(reset.body).toEqual({ status: 'Cannot reset project while a run is in progress.' });
    expect((await detail(uuid)).is_archived).toBe(false);
    await api().post(`/api/runs/${runs[0]!.uuid}/stop_pipeline/`).expect(200);
  });
});
