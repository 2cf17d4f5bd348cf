import request from 'supertest';
import { configToEnv } from '../../src/config/config';
import { startTestApp, type TestApp } from '../support/app';
import { runCli } from '../support/cli';
import { describeWithDb } from '../support/db';
import { WebhookReceiver } from '../support/receiver';
import { createProject } from '../support/runs';

describeWithDb('webhooks of runs executed by the CLI', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let receiver: WebhookReceiver;
  let target: string;

  beforeAll(async () => {
    t = await startTestApp({ SCANLOOM_ALLOW_PRIVATE_URLS: 'true' }, { executeRuns: false, superviseRuns: false });
    env = { ...configToEnv(t.config), SCANLOOM_LOG_LEVEL: 'warn' };
    delete env.REDIS_URL;
    receiver = new WebhookReceiver();
    target = await receiver.start();
  });

  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('scanloom execute sends the deliveries of its runs before it exits', async () => {
    const created = await createProject(t, {
      name: 'cli webhook',
      pipeline: ['test_do_nothing', 'test_do_nothing'],
      webhooks: [{ target_url: `${target}/each`, trigger_on_each_run: true }, { target_url: `${target}/last` }],
    });
    const result = await runCli(['execute', '--project', 'cli webhook'], env);
    expect(result.code).toBe(0);
    // No server is running: the CLI process itself has delivered them.
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/each', '/each', '/last']);
    const deliveries = await request(t.url).get(`/api/projects/${created.uuid}/webhook_deliveries/`).expect(200);
    expect(deliveries.body.results.map((d: { status: string }) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });
});
