import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import request from 'supertest';
import { configToEnv } from '../../src/config/config';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithRedis } from '../support/db';
import { WebhookReceiver } from '../support/receiver';
import { createProject, isFinished, waitForRun } from '../support/runs';
import { REDIS_URL } from '../support/services';

const ROOT = path.resolve(__dirname, '../..');

describeWithRedis('webhooks with Redis workers', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let target: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    receiver = new WebhookReceiver();
    target = await receiver.start();
    const env = {
      REDIS_URL,
      SCANLOOM_REDIS_PREFIX: `scanloom-test-${randomBytes(4).toString('hex')}`,
      SCANLOOM_ROLE: 'api',
      SCANLOOM_ALLOW_PRIVATE_URLS: 'true',
      SCANLOOM_WEBHOOK_RETRY_DELAYS: '0.5',
    };
    t = await startTestApp(env, { executeRuns: false, superviseRuns: true });
    for (let i = 0; i < 2; i++) {
      workers.push(
        spawn(process.execPath, [path.join(ROOT, 'bin', 'scanloom.js'), 'worker'], {
          env: { ...process.env, ...configToEnv(t.config), SCANLOOM_ROLE: 'worker', SCANLOOM_LOG_LEVEL: 'error' },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    }
  });

  afterAll(async () => {
    for (const worker of workers) {
      worker.kill('SIGKILL');
    }
    await t.close();
    await receiver.stop();
  });

  it('are sent once each by the workers, redeliveries and retries included', async () => {
    receiver.respond = (index) => (index === 0 ? 500 : 200);
    const created = await createProject(t, {
      name: 'redis hooks',
      pipeline: ['test_do_nothing', 'test_do_nothing'],
      execute_now: true,
      webhooks: [{ target_url: `${target}/each`, trigger_on_each_run: true }, { target_url: `${target}/last` }],
    });
    for (const run of created.runs) {
      expect((await waitForRun(t, run.uuid, isFinished, 60_000)).status).toBe('success');
    }
    // The first answer is a 500: one retry makes 4 requests for 3 deliveries.
    await receiver.waitFor(4, 30_000);
    const deliveries = await request(t.url).get(`/api/projects/${created.uuid}/webhook_deliveries/`).expect(200);
    const succeeded = deliveries.body.results.filter((d: { status: string }) => d.status === 'succeeded');
    expect(succeeded).toHaveLength(3);

    // The API process does not send: a worker's sweep picks the redelivery up.
    await request(t.url).post(`/api/projects/${created.uuid}/webhook_deliveries/${succeeded[0].uuid}/redeliver/`).expect(201);
    await receiver.waitFor(5, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 6000)); // a full sweep period of both workers
    expect(receiver.requests).toHaveLength(5);
    const ids = receiver.requests.map((r) => r.headers['x-scanloom-delivery']);
    expect(new Set(ids).size).toBe(5);
  }, 180_000);
});
