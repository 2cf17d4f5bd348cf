import { execFileSync } from 'node:child_process';
import request from 'supertest';
import type { TestApp } from './app';

export interface RunBody {
  uuid: string;
  status: string;
  log: string;
  task_output: string;
  task_exitcode: number | null;
  current_step: string;
  progress: { processed: number; total: number } | null;
  [key: string]: unknown;
}

/** Poll the run detail until `done` holds (or fail after `timeoutMs`). */
export async function waitForRun(t: TestApp, uuid: string, done: (run: RunBody) => boolean, timeoutMs = 30_000): Promise<RunBody> {
  const deadline = Date.now() + timeoutMs;
  let last: RunBody | undefined;
  while (Date.now() < deadline) {
    const res = await request(t.url).get(`/api/runs/${uuid}/`);
    last = res.body as RunBody;
    if (res.status === 200 && done(last)) {
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${uuid} did not reach the expected state; last seen: ${JSON.stringify(last)}`);
}

export const isFinished = (run: RunBody) => ['success', 'failure', 'stopped', 'stale'].includes(run.status);

/** Process ids of live run processes executing a run. */
export function runProcesses(runUuid: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `run-process.js ${runUuid}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Create a project with pipelines (optionally executing), returning its uuid and runs. */
export async function createProject(t: TestApp, body: Record<string, unknown>): Promise<{ uuid: string; runs: RunBody[] }> {
  const res = await request(t.url).post('/api/projects/').send(body);
  if (res.status !== 201) {
    throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as { uuid: string; runs: RunBody[] };
}
