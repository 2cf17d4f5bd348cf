import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb } from '../support/db';
import { createProject, isFinished, runProcesses, waitForRun, type RunBody } from '../support/runs';

const LOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} /;

describeWithDb('runs with the local queue', () => {
  let t: TestApp;
  const api = () => request(t.url);
  const project = async (uuid: string) => (await api().get(`/api/projects/${uuid}/`).expect(200)).body as { runs: RunBody[]; message_count: number; work_dir?: string };

  beforeAll(async () => {
    t = await startTestApp({ SCANLOOM_WORKERS: '2' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the registered pipelines with their steps and optional groups', async () => {
    const res = await api().get('/api/projects/pipelines/').expect(200);
    const byName = new Map((res.body as { name: string }[]).map((p) => [p.name, p]));
    for (const name of ['scan_codebase', 'scan_single_package', 'inspect_packages', 'resolve_dependencies', 'load_inventory', 'load_sbom', 'analyze_docker_image', 'analyze_root_filesystem_or_vm_image']) {
      expect(byName.has(name)).toBe(true);
    }
    expect(byName.get('inspect_packages')).toMatchObject({ available_groups: ['Compiled', 'StaticResolver'], is_available: true });
    expect(byName.get('scan_codebase')).toMatchObject({
      summary: 'Scan a codebase for application packages, licenses, and copyrights.',
      steps: expect.arrayContaining([{ name: 'copy_inputs_to_codebase_directory', doc: 'Copy input files to the working codebase/ directory.', groups: [] }]),
    });
    expect(byName.get('test_with_groups')).toMatchObject({ available_groups: ['bar', 'foo'] });
  });

  it('executes a run from creation with execute_now: queued, running, success, with its log and timings', async () => {
    const created = await createProject(t, { name: 'do nothing', pipeline: 'test_do_nothing', execute_now: true });
    expect(['queued', 'running', 'success']).toContain(created.runs[0]!.status);
    const run = await waitForRun(t, created.runs[0]!.uuid, isFinished);
    expect(run).toMatchObject({ status: 'success', task_exitcode: 0, task_output: '', current_step: '', scancodeio_version: expect.any(String) });
    expect(run.task_id).toBe(run.uuid);
    expect(run.execution_time).toEqual(expect.any(Number));
    const lines = run.log.trim().split('\n');
    expect(lines.every((line) => LOG_LINE.test(line))).toBe(true);
    expect(lines.map((line) => line.replace(LOG_LINE, '').replace(/\d+ seconds/, 'N seconds'))).toEqual([
      'Pipeline [test_do_nothing] starting',
      'Step [step1] starting',
      'step1 ran',
      'Step [step1] completed in N seconds',
      'Step [step2] starting',
      'step2 ran',
      'Step [step2] completed in N seconds',
      'Pipeline completed in N seconds',
    ]);
    expect((run.step_timings as { step: string }[]).map((s) => s.step)).toEqual(['step1', 'step2']);
  });

  it('runs only the steps of the selected groups', async () => {
    const created = await createProject(t, { name: 'groups', pipeline: 'test_with_groups:foo', execute_now: true });
    expect(created.runs[0]!.selected_groups).toEqual(['foo']);
    const run = await waitForRun(t, created.runs[0]!.uuid, isFinished);
    const messages = run.log.trim().split('\n').map((line) => line.replace(LOG_LINE, ''));
    expect(messages.filter((m) => m.endsWith(' ran'))).toEqual(['always ran', 'foo_step ran', 'foo_bar_step ran']);
  });

  it('fails a run on an exception, with message and traceback, keeping per-item messages', async () => {
    const created = await createProject(t, { name: 'failing', pipeline: 'test_fail', execute_now: true });
    const run = await waitForRun(t, created.runs[0]!.uuid, isFinished);
    expect(run.status).toBe('failure');
    expect(run.task_exitcode).toBe(1);
    expect(run.task_output).toMatch(/^Something went wrong in raise_error\n\nTraceback:\n\s+at /);
    expect(run.log).toContain('Pipeline failed');
    expect(run.log).not.toContain('never_reached');
    const detail = await project(created.uuid);
    expect(detail.message_count).toBe(1);
  });

  it('chains runs: the next starts after a success; a failure stops the chain', async () => {
    const ok = await createProject(t, { name: 'chain ok', pipeline: ['test_do_nothing', 'test_with_groups'], execute_now: true });
    expect(ok.runs[1]!.status).toBe('not_started');
    const second = await waitForRun(t, ok.runs[1]!.uuid, isFinished);
    expect(second.status).toBe('success');
    const first = await waitForRun(t, ok.runs[0]!.uuid, isFinished);
    expect(Date.parse(second.task_start_date as string)).toBeGreaterThanOrEqual(Date.parse(first.task_end_date as string));

    const broken = await createProject(t, { name: 'chain broken', pipeline: ['test_fail', 'test_do_nothing'], execute_now: true });
    await waitForRun(t, broken.runs[0]!.uuid, isFinished);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const detail = await project(broken.uuid);
    expect(detail.runs.map((r) => r.status)).toEqual(['failure', 'not_started']);
  });

  it('starts, refuses to restart, and keeps one run at a time per project', async () => {
    const created = await createProject(t, { name: 'manual start', pipeline: ['test_sleep', 'test_do_nothing'], settings: { sleep_seconds: 1 } });
    const [first, second] = created.runs as [RunBody, RunBody];
    expect(first.status).toBe('not_started');
    const refused = await api().post(`/api/runs/${second.uuid}/start_pipeline/`).expect(400);
    expect(refused.body).toEqual({ status: 'Cannot execute this action until all previous pipeline runs are completed.' });
    const started = await api().post(`/api/runs/${first.uuid}/start_pipeline/`).expect(200);
    expect(started.body).toEqual({ status: 'Pipeline test_sleep started.' });
    const again = await api().post(`/api/runs/${first.uuid}/start_pipeline/`).expect(400);
    expect(['Pipeline already queued.', 'Pipeline already started.']).toContain(again.body.status);
    await waitForRun(t, first.uuid, isFinished);
    const done = await api().post(`/api/runs/${first.uuid}/start_pipeline/`).expect(400);
    expect(done.body).toEqual({ status: 'Pipeline already executed.' });
    expect((await waitForRun(t, second.uuid, isFinished)).status).toBe('success');
  });

  it('stops a long run: it ends stopped and its process is gone', async () => {
    const created = await createProject(t, { name: 'long run', pipeline: 'test_sleep', settings: { sleep_seconds: 120 }, execute_now: true });
    const uuid = created.runs[0]!.uuid;
    const running = await waitForRun(t, uuid, (r) => r.status === 'running' && r.progress !== null);
    expect(running.current_step).toBe('2/2 sleep');
    expect(running.progress!.total).toBe(1200);
    expect(runProcesses(uuid)).toHaveLength(1);
    const t0 = Date.now();
    const res = await api().post(`/api/runs/${uuid}/stop_pipeline/`).expect(200);
    expect(res.body).toEqual({ status: 'Pipeline test_sleep stopped.' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(runProcesses(uuid)).toEqual([]);
    const stopped = await waitForRun(t, uuid, isFinished);
    expect(stopped).toMatchObject({ status: 'stopped', task_exitcode: 99 });
    expect(stopped.log).toContain('Stop task requested');
    const again = await api().post(`/api/runs/${uuid}/stop_pipeline/`).expect(400);
    expect(again.body).toEqual({ status: 'Pipeline is not running.' });
  });

  it('ends a run whose process is killed with kill -9 as a failure, and the queue goes on', async () => {
    const created = await createProject(t, { name: 'killed', pipeline: 'test_sleep', settings: { sleep_seconds: 120 }, execute_now: true });
    const uuid = created.runs[0]!.uuid;
    await waitForRun(t, uuid, (r) => r.status === 'running' && r.progress !== null);
    const workDir = fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.startsWith('killed-'))!;
    const pid = Number(fs.readFileSync(path.join(t.workspace, 'projects', workDir, 'tmp', 'run.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    const failed = await waitForRun(t, uuid, isFinished);
    expect(failed.status).toBe('failure');
    expect(failed.task_output).toMatch(/terminated by signal SIGKILL/);
    const crash = await createProject(t, { name: 'crash', pipeline: ['test_crash'], execute_now: true });
    expect((await waitForRun(t, crash.runs[0]!.uuid, isFinished)).status).toBe('failure');
    await api().post(`/api/projects/${created.uuid}/add_pipeline/`).send({ pipeline: 'test_do_nothing', execute_now: true }).expect(201);
    const detail = await project(created.uuid);
    expect((await waitForRun(t, detail.runs[1]!.uuid, isFinished)).status).toBe('success');
  });

  it('deletes a run that has not started, and refuses one that has', async () => {
    const created = await createProject(t, { name: 'deletable', pipeline: ['test_do_nothing'] });
    const uuid = created.runs[0]!.uuid;
    const res = await api().post(`/api/runs/${uuid}/delete_pipeline/`).expect(200);
    expect(res.body).toEqual({ status: 'Pipeline test_do_nothing deleted.' });
    await api().get(`/api/runs/${uuid}/`).expect(404);
    const finished = await createProject(t, { name: 'not deletable', pipeline: ['test_do_nothing'], execute_now: true });
    await waitForRun(t, finished.runs[0]!.uuid, isFinished);
    const refused = await api().post(`/api/runs/${finished.runs[0]!.uuid}/delete_pipeline/`).expect(400);
    expect(refused.body).toEqual({ status: 'Only non started or queued pipelines can be deleted.' });
  });

  it('answers add_pipeline as ScanCode.io does', async () => {
    const { uuid } = await createProject(t, { name: 'adding' });
    const missing = await api().get(`/api/projects/${uuid}/add_pipeline/`).expect(400);
    expect(missing.body.status).toBe('Pipeline required.');
    expect(missing.body.pipelines).toEqual(expect.arrayContaining(['scan_codebase', 'load_sbom']));
    const unknown = await api().post(`/api/projects/${uuid}/add_pipeline/`).send({ pipeline: 'nope' }).expect(400);
    expect(unknown.body).toEqual({ status: 'nope is not a valid pipeline.' });
    const added = await api().post(`/api/projects/${uuid}/add_pipeline/`).type('form').send({ pipeline: 'scan_package' }).expect(201);
    expect(added.body).toEqual({ status: 'Pipeline added.' });
    expect((await project(uuid)).runs.map((r) => [r.pipeline_name, r.status])).toEqual([['scan_single_package', 'not_started']]);
  });

  it('says in the log what a step not yet available did not do', async () => {
    const created = await createProject(t, { name: 'pending steps', pipeline: 'inspect_packages:Compiled', execute_now: true });
    const run = await waitForRun(t, created.runs[0]!.uuid, isFinished);
    expect(run.status).toBe('success');
    expect(run.log).toContain('Step [scan_binaries_for_package] is not available in this version of Scanloom: nothing was done.');
  });

  it('answers 404 for an unknown run and 405 for GET on actions', async () => {
    const res = await api().get('/api/runs/0b9c6f1e-1111-4222-8333-944455556666/').expect(404);
    expect(res.body).toEqual({ detail: 'No Run matches the given query.' });
    await api().get('/api/runs/0b9c6f1e-1111-4222-8333-944455556666/stop_pipeline/').expect(405);
  });
});
