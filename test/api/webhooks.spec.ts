import { createHmac } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb } from '../support/db';
import { WebhookReceiver, type ReceivedRequest } from '../support/receiver';
import { createProject, isFinished, waitForRun, type RunBody } from '../support/runs';

const LOOPBACK = { SCANLOOM_ALLOW_PRIVATE_URLS: 'true', SCANLOOM_WEBHOOK_RETRY_DELAYS: '0.2,0.2,0.2' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithDb('webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let target: string;

  beforeAll(async () => {
    t = await startTestApp(LOOPBACK);
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    receiver = new WebhookReceiver();
    target = await receiver.start();
  });

  afterEach(async () => {
    await receiver.stop();
  });

  async function finishAll(runs: RunBody[]): Promise<RunBody[]> {
    const done: RunBody[] = [];
    for (const run of runs) {
      done.push(await waitForRun(t, run.uuid, isFinished));
    }
    return done;
  }

  async function deliveries(projectUuid: string, query = ''): Promise<ReceivedRequest['json'][]> {
    const res = await request(t.url).get(`/api/projects/${projectUuid}/webhook_deliveries/${query}`).expect(200);
    return res.body.results;
  }

  it('validates add_webhook like ScanCode.io and lists subscriptions without their secret', async () => {
    const { uuid } = await createProject(t, { name: 'add webhook' });
    expect((await request(t.url).post(`/api/projects/${uuid}/add_webhook/`).send({}).expect(400)).body).toEqual({ target_url: ['This field is required.'] });
    expect((await request(t.url).post(`/api/projects/${uuid}/add_webhook/`).send({ target_url: 'not a url' }).expect(400)).body).toEqual({
      target_url: ['Enter a valid URL.'],
    });
    expect((await request(t.url).post(`/api/projects/${uuid}/add_webhook/`).send({ target_url: 'ftp://example.com/x' }).expect(400)).body).toEqual({
      target_url: ['Webhook targets must be http:// or https:// URLs.'],
    });
    const ok = await request(t.url)
      .post(`/api/projects/${uuid}/add_webhook/`)
      .send({ target_url: `${target}/hook`, trigger_on_each_run: true, include_summary: true, secret: 'shh' })
      .expect(201);
    expect(ok.body).toEqual({ status: 'Webhook added.' });
    await request(t.url).get(`/api/projects/${uuid}/add_webhook/`).expect(405);
    const list = await request(t.url).get(`/api/projects/${uuid}/webhooks/`).expect(200);
    expect(list.body).toEqual([
      {
        uuid: expect.any(String),
        target_url: `${target}/hook`,
        trigger_on_each_run: true,
        include_summary: true,
        include_results: false,
        is_active: true,
        has_secret: true,
        created_date: expect.any(String),
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain('shh');
  });

  it('subscribes webhook_url and webhooks at creation, with ScanCode.io field errors', async () => {
    const bad = await request(t.url)
      .post('/api/projects/')
      .send({ name: 'bad hooks', webhook_url: 'nope', webhooks: [{ target_url: `${target}/ok` }, { include_summary: true }, { target_url: 'x' }] })
      .expect(400);
    expect(bad.body).toEqual({
      webhook_url: ['Enter a valid URL.'],
      webhooks: [{}, { target_url: ['This field is required.'] }, { target_url: ['Enter a valid URL.'] }],
    });
    const created = await createProject(t, {
      name: 'creation hooks',
      webhook_url: `${target}/simple`,
      webhooks: [{ target_url: `${target}/signed`, secret: 'k', include_results: true }],
    });
    const list = await request(t.url).get(`/api/projects/${created.uuid}/webhooks/`).expect(200);
    expect(list.body.map((w: { target_url: string; has_secret: boolean; include_results: boolean }) => [w.target_url, w.has_secret, w.include_results])).toEqual([
      [`${target}/signed`, true, true],
      [`${target}/simple`, false, false],
    ]);
  });

  it("posts ScanCode.io's payload after a run, and records the delivery", async () => {
    const created = await createProject(t, {
      name: 'payload',
      pipeline: 'test_do_nothing',
      execute_now: true,
      labels: ['ci'],
      webhooks: [{ target_url: `${target}/scan-done`, include_summary: true }],
    });
    const [run] = await finishAll(created.runs);
    const [received] = await receiver.waitFor(1);
    expect(received!.method).toBe('POST');
    expect(received!.path).toBe('/scan-done');
    expect(received!.headers['content-type']).toBe('application/json');
    expect(received!.headers['x-scanloom-signature']).toBeUndefined();
    const { project, run: sentRun, summary } = received!.json;
    expect(Object.keys(received!.json)).toEqual(['project', 'run', 'summary']);
    expect(project).toMatchObject({ name: 'payload', uuid: created.uuid, labels: ['ci'], next_run: null, results_url: `/api/projects/${created.uuid}/results/` });
    expect(project).not.toHaveProperty('url');
    expect(project).not.toHaveProperty('runs');
    expect(sentRun).toMatchObject({ uuid: run!.uuid, pipeline_name: 'test_do_nothing', status: 'success', task_exitcode: 0, log: run!.log });
    expect(sentRun).not.toHaveProperty('url');
    expect(sentRun).not.toHaveProperty('project');
    expect(summary).toEqual({});

    const [delivery] = await deliveries(created.uuid);
    expect(delivery).toMatchObject({ run: run!.uuid, target_url: `${target}/scan-done`, attempt: 1, status: 'succeeded', response_status_code: 200, response_text: 'thanks', delivered: true, success: true });
    expect(received!.headers['x-scanloom-delivery']).toBe(delivery!.uuid);
    const detail = await request(t.url).get(`/api/projects/${created.uuid}/webhook_deliveries/${delivery!.uuid}/`).expect(200);
    expect(detail.body.payload).toEqual(received!.json);
  });

  it('adds the JSON results when include_results is set, writing them to output/ as ScanCode.io does', async () => {
    const created = await createProject(t, {
      name: 'with results',
      pipeline: 'test_licensed_files',
      execute_now: true,
      settings: { licensed_files: { 'src/a.c': 'mit' } },
      webhooks: [{ target_url: `${target}/results`, include_results: true }],
    });
    await finishAll(created.runs);
    const [received] = await receiver.waitFor(1);
    expect(Object.keys(received!.json)).toEqual(['project', 'run', 'results']);
    const { results } = received!.json;
    expect(results.headers[0]).toMatchObject({ tool_name: 'scanpipe', uuid: created.uuid });
    expect(results.files.map((f: { path: string; detected_license_expression: string }) => [f.path, f.detected_license_expression])).toEqual([['src/a.c', 'mit']]);
    const detail = await request(t.url).get(`/api/projects/${created.uuid}/`).expect(200);
    expect(detail.body.output_root.some((name: string) => /^results-.*\.json$/.test(name))).toBe(true);
  });

  it('delivers after each run to trigger_on_each_run subscriptions, and after the last run to the others', async () => {
    const created = await createProject(t, {
      name: 'chain',
      pipeline: ['test_do_nothing', 'test_with_groups', 'test_do_nothing'],
      execute_now: true,
      webhooks: [{ target_url: `${target}/each`, trigger_on_each_run: true }, { target_url: `${target}/last` }, { target_url: `${target}/off`, is_active: false }],
    });
    const runs = await finishAll(created.runs);
    expect(runs.map((r) => r.status)).toEqual(['success', 'success', 'success']);
    await receiver.waitFor(4);
    await sleep(500);
    const byPath = (p: string) => receiver.requests.filter((r) => r.path === p).map((r) => r.json.run.uuid);
    expect(byPath('/each')).toEqual(runs.map((r) => r.uuid));
    expect(byPath('/last')).toEqual([runs[2]!.uuid]);
    expect(byPath('/off')).toEqual([]);
  });

  it('sends nothing to "all runs done" subscribers when a run fails before the end of a chain', async () => {
    const created = await createProject(t, {
      name: 'broken chain',
      pipeline: ['test_do_nothing', 'test_fail', 'test_do_nothing'],
      execute_now: true,
      webhooks: [{ target_url: `${target}/each`, trigger_on_each_run: true }, { target_url: `${target}/last` }],
    });
    const first = await waitForRun(t, created.runs[0]!.uuid, isFinished);
    const second = await waitForRun(t, created.runs[1]!.uuid, isFinished);
    expect(second.status).toBe('failure');
    await receiver.waitFor(2);
    await sleep(500);
    expect(receiver.requests.map((r) => [r.path, r.json.run.uuid, r.json.run.status])).toEqual([
      ['/each', first.uuid, 'success'],
      ['/each', second.uuid, 'failure'],
    ]);
  });

  it('retries network errors, 5xx and 429 with backoff until the target accepts, then stops', async () => {
    receiver.respond = (index) => [503, 429, 500][index] ?? 200;
    const created = await createProject(t, { name: 'retries', pipeline: 'test_do_nothing', execute_now: true, webhook_url: `${target}/flaky` });
    await finishAll(created.runs);
    const received = await receiver.waitFor(4);
    await sleep(600);
    expect(receiver.requests).toHaveLength(4);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    for (let i = 1; i < received.length; i++) {
      expect(received[i]!.at - received[i - 1]!.at).toBeGreaterThanOrEqual(150);
    }
    const attempts = (await deliveries(created.uuid)).reverse();
    expect(attempts.map((d) => [d.attempt, d.status, d.response_status_code])).toEqual([
      [1, 'failed', 503],
      [2, 'failed', 429],
      [3, 'failed', 500],
      [4, 'succeeded', 200],
    ]);
  });

  it('gives up after the configured retries, and never retries a 4xx answer', async () => {
    receiver.respond = (_index, req) => (req.path === '/gone' ? 410 : 502);
    const created = await createProject(t, {
      name: 'give up',
      pipeline: 'test_do_nothing',
      execute_now: true,
      webhooks: [{ target_url: `${target}/gone` }, { target_url: `${target}/down` }],
    });
    await finishAll(created.runs);
    await receiver.waitFor(5);
    await sleep(800);
    expect(receiver.requests.filter((r) => r.path === '/gone')).toHaveLength(1);
    expect(receiver.requests.filter((r) => r.path === '/down')).toHaveLength(4); // 1 + SCANLOOM_WEBHOOK_RETRY_DELAYS (3)
    const unreachable = await createProject(t, { name: 'unreachable', pipeline: 'test_do_nothing', execute_now: true, webhook_url: 'http://127.0.0.1:9/closed' });
    await finishAll(unreachable.runs);
    for (let i = 0; i < 100 && (await deliveries(unreachable.uuid)).length < 4; i++) {
      await sleep(100);
    }
    await sleep(500);
    const attempts = await deliveries(unreachable.uuid);
    expect(attempts).toHaveLength(4);
    expect(attempts.every((d) => d.status === 'failed' && d.response_status_code === null && /ECONNREFUSED/.test(d.delivery_error))).toBe(true);
  });

  it('signs the body with the subscription secret', async () => {
    const { uuid, runs } = await createProject(t, { name: 'signed', pipeline: 'test_do_nothing' });
    await request(t.url).post(`/api/projects/${uuid}/add_webhook/`).send({ target_url: `${target}/signed`, secret: 'correct horse' }).expect(201);
    await request(t.url).post(`/api/runs/${runs[0]!.uuid}/start_pipeline/`).expect(200);
    const [received] = await receiver.waitFor(1);
    const expected = `sha256=${createHmac('sha256', 'correct horse').update(received!.body).digest('hex')}`;
    expect(received!.headers['x-scanloom-signature']).toBe(expected);
    const forged = `sha256=${createHmac('sha256', 'wrong').update(received!.body).digest('hex')}`;
    expect(received!.headers['x-scanloom-signature']).not.toBe(forged);
  });

  it('sends nothing for a stopped run', async () => {
    const created = await createProject(t, {
      name: 'stopped',
      pipeline: 'test_sleep',
      execute_now: true,
      settings: { sleep_seconds: 30 },
      webhooks: [{ target_url: `${target}/stopped`, trigger_on_each_run: true }],
    });
    const run = created.runs[0]!;
    await waitForRun(t, run.uuid, (r) => r.status === 'running');
    await request(t.url).post(`/api/runs/${run.uuid}/stop_pipeline/`).expect(200);
    expect((await waitForRun(t, run.uuid, isFinished)).status).toBe('stopped');
    await sleep(1500);
    expect(receiver.requests).toHaveLength(0);
    expect(await deliveries(created.uuid)).toEqual([]);
  });

  it('redelivers a payload as a new attempt', async () => {
    const created = await createProject(t, { name: 'redeliver', pipeline: 'test_do_nothing', execute_now: true, webhook_url: `${target}/again` });
    await finishAll(created.runs);
    await receiver.waitFor(1);
    const [first] = await deliveries(created.uuid);
    const res = await request(t.url).post(`/api/projects/${created.uuid}/webhook_deliveries/${first!.uuid}/redeliver/`).expect(201);
    expect(res.body).toMatchObject({ status: 'Webhook delivery queued.', delivery: { attempt: 1, status: 'pending', run: first!.run } });
    const received = await receiver.waitFor(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(received[1]!.headers['x-scanloom-delivery']).toBe(res.body.delivery.uuid);
    const filtered = await deliveries(created.uuid, `?run=${first!.run}`);
    expect(filtered).toHaveLength(2);
    await request(t.url).post(`/api/projects/${created.uuid}/webhook_deliveries/00000000-0000-4000-8000-000000000000/redeliver/`).expect(404);
    expect((await request(t.url).get(`/api/projects/${created.uuid}/webhook_deliveries/?run=nope`).expect(400)).body).toEqual({ run: ['Enter a valid UUID.'] });
  });
});

describeWithDb('the global webhook', () => {
  it('is subscribed to every new project and delivered to like the others', async () => {
    const receiver = new WebhookReceiver();
    const target = await receiver.start();
    const t = await startTestApp({ ...LOOPBACK, SCANLOOM_GLOBAL_WEBHOOK: `target_url=${target}/global,trigger_on_each_run=False,include_summary=True` });
    try {
      const created = await createProject(t, { name: 'global', pipeline: 'test_do_nothing', execute_now: true });
      const list = await request(t.url).get(`/api/projects/${created.uuid}/webhooks/`).expect(200);
      expect(list.body).toMatchObject([{ target_url: `${target}/global`, trigger_on_each_run: false, include_summary: true, is_active: true }]);
      const [received] = await receiver.waitFor(1);
      expect(received!.path).toBe('/global');
      expect(received!.json).toHaveProperty('summary');
    } finally {
      await t.close();
      await receiver.stop();
    }
  });
});

describeWithDb('webhook delivery across a restart', () => {
  it('keeps a pending retry in the database and sends it after the server restarts', async () => {
    const receiver = new WebhookReceiver();
    const target = await receiver.start();
    receiver.respond = (index) => (index === 0 ? 503 : 200);
    const env = { SCANLOOM_ALLOW_PRIVATE_URLS: 'true', SCANLOOM_WEBHOOK_RETRY_DELAYS: '3' };
    const first = await startTestApp(env);
    let second: TestApp | undefined;
    try {
      const created = await createProject(first, { name: 'restart', pipeline: 'test_do_nothing', execute_now: true, webhook_url: `${target}/later` });
      await waitForRun(first, created.runs[0]!.uuid, isFinished);
      await receiver.waitFor(1);
      await sleep(300); // the retry row is written after the failed attempt is recorded
      await first.close({ keepData: true });
      second = await startTestApp(env, {}, { workspace: first.workspace, database: first.database });
      const received = await receiver.waitFor(2, 15_000);
      expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(2500);
      expect(received[1]!.body).toBe(received[0]!.body);
      const res = await request(second.url).get(`/api/projects/${created.uuid}/webhook_deliveries/`).expect(200);
      expect(res.body.results.map((d: { attempt: number; status: string }) => [d.attempt, d.status])).toEqual([
        [2, 'succeeded'],
        [1, 'failed'],
      ]);
    } finally {
      await (second ?? first).close();
      await receiver.stop();
    }
  });
});

describeWithDb('webhook targets and the private-address rule', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({});
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses loopback and private targets unless SCANLOOM_ALLOW_PRIVATE_URLS is true', async () => {
    const { uuid } = await createProject(t, { name: 'private targets' });
    for (const url of ['http://127.0.0.1:8080/hook', 'http://10.1.2.3/hook', 'http://[::1]/hook', 'http://localhost/hook']) {
      const res = await request(t.url).post(`/api/projects/${uuid}/add_webhook/`).send({ target_url: url }).expect(400);
      expect(res.body.target_url[0]).toMatch(/SCANLOOM_ALLOW_PRIVATE_URLS=true/);
    }
    const metadata = await request(t.url).post(`/api/projects/${uuid}/add_webhook/`).send({ target_url: 'http://169.254.169.254/latest' }).expect(400);
    expect(metadata.body.target_url[0]).toMatch(/cloud metadata service/);
  });
});
