import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import request from 'supertest';
import { configToEnv } from '../../src/config/config';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithRedis } from '../support/db';
import { createProject, isFinished, runProcesses, waitForRun } from '../support/runs';
import { REDIS_URL } from '../support/services';

const ROOT = path.resolve(__dirname, '../..');

function startWorker(t: TestApp): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'bin', 'scanloom.js'), 'worker'], {
    env: { ...process.env, ...configToEnv(t.config), SCANLOOM_ROLE: 'worker', SCANLOOM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describeWithRedis('runs with the Redis queue', () => {
  const redisEnv = () => ({ REDIS_URL, SCANLOOM_REDIS_PREFIX: `scanloom-test-${randomBytes(4).toString('hex')}`, SCANLOOM_WORKER_HEARTBEAT_SECONDS: '2' });

  describe('a process that serves the API and executes runs', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(redisEnv());
    });
    afterAll(async () => {
      await t.close();
    });

    it('executes a chain of runs through Redis', async () => {
      const created = await createProject(t, { name: 'redis chain', pipeline: ['test_do_nothing', 'test_with_groups:bar'], execute_now: true });
      expect((await waitForRun(t, created.runs[0]!.uuid, isFinished)).status).toBe('success');
      const second = await waitForRun(t, created.runs[1]!.uuid, isFinished);
      expect(second.status).toBe('success');
      expect(second.log).toContain('bar_step ran');
    });

    it('stops a long run and kills its process', async () => {
      const created = await createProject(t, { name: 'redis stop', pipeline: 'test_sleep', settings: { sleep_seconds: 120 }, execute_now: true });
      const uuid = created.runs[0]!.uuid;
      await waitForRun(t, uuid, (r) => r.status === 'running' && r.progress !== null);
      await request(t.url).post(`/api/runs/${uuid}/stop_pipeline/`).expect(200);
      expect(runProcesses(uuid)).toEqual([]);
      expect((await waitForRun(t, uuid, isFinished)).status).toBe('stopped');
    });

    it('deletes a queued run from the queue', async () => {
      const created = await createProject(t, { name: 'redis delete', pipeline: ['test_sleep', 'test_do_nothing'], settings: { sleep_seconds: 2 }, execute_now: true });
      await request(t.url).post(`/api/runs/${created.runs[1]!.uuid}/delete_pipeline/`).expect(200);
      expect((await waitForRun(t, created.runs[0]!.uuid, isFinished)).status).toBe('success');
      await request(t.url).get(`/api/runs/${created.runs[1]!.uuid}/`).expect(404);
    });
  });

  describe('an API-only server with separate `scanloom worker` processes', () => {
    let t: TestApp;
    const workers: ChildProcess[] = [];
    beforeAll(async () => {
      t = await startTestApp({ ...redisEnv(), SCANLOOM_ROLE: 'api' }, { executeRuns: false, superviseRuns: true });
    });
    afterAll(async () => {
      for (const worker of workers) {
        worker.kill('SIGKILL');
      }
      await t.close();
    });

    it('has runs executed by a worker, stopped across processes, and survives kill -9 of a worker', async () => {
      const worker = startWorker(t);
      workers.push(worker);
      const ok = await createProject(t, { name: 'remote ok', pipeline: 'test_do_nothing', execute_now: true });
      expect((await waitForRun(t, ok.runs[0]!.uuid, isFinished, 60_000)).status).toBe('success');

      const long = await createProject(t, { name: 'remote stop', pipeline: 'test_sleep', settings: { sleep_seconds: 120 }, execute_now: true });
      await waitForRun(t, long.runs[0]!.uuid, (r) => r.status === 'running' && r.progress !== null);
      await request(t.url).post(`/api/runs/${long.runs[0]!.uuid}/stop_pipeline/`).expect(200);
      await waitFor(() => runProcesses(long.runs[0]!.uuid).length === 0, 10_000);
      expect((await waitForRun(t, long.runs[0]!.uuid, isFinished)).status).toBe('stopped');

      const lost = await createProject(t, { name: 'worker lost', pipeline: 'test_sleep', settings: { sleep_seconds: 120 }, execute_now: true });
      await waitForRun(t, lost.runs[0]!.uuid, (r) => r.status === 'running' && r.progress !== null);
      worker.kill('SIGKILL');
      for (const pid of runProcesses(lost.runs[0]!.uuid)) {
        process.kill(pid, 'SIGKILL'); // as when the whole machine goes down
      }
      const failed = await waitForRun(t, lost.runs[0]!.uuid, isFinished, 30_000);
      expect(failed.status).toBe('failure');
      expect(failed.task_output).toContain('The worker executing this run was lost.');

      workers.push(startWorker(t));
      const after = await createProject(t, { name: 'after loss', pipeline: 'test_do_nothing', execute_now: true });
      expect((await waitForRun(t, after.runs[0]!.uuid, isFinished, 60_000)).status).toBe('success');
    });
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
