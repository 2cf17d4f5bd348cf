import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';

export interface TimedRun {
  database: string;
  status: string;
  task_output: string;
  step_timings: { step: string; seconds: number }[];
  /** Wall time from the project's creation to the run's end. */
  seconds: number;
  /** The project detail after the run (resource_count, package_count, dependency_count…). */
  detail: Record<string, number>;
}

/**
 * Starts the service on `workspace` (DATABASE_URL or a sqlite file there), creates a project that
 * runs `pipeline` on the uploaded `file`, and waits for the run through the API, as a user would.
 * `onPoll` is called with the run's uuid at each poll. The project is deleted afterwards on
 * PostgreSQL (a sqlite database goes with the workspace, which the caller removes).
 */
export async function timePipelineRun(
  workspace: string,
  pipeline: string,
  file: string,
  options: { pollMs?: number; onPoll?: (runUuid: string) => void } = {},
): Promise<TimedRun> {
  const config = loadConfig({ ...process.env, SCANLOOM_WORKSPACE: workspace, SCANLOOM_LOG_LEVEL: 'error' }, workspace);
  const app = await createApp(config, { executeRuns: true, superviseRuns: true });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  try {
    const form = new FormData();
    form.set('name', `bench ${pipeline}`);
    form.set('pipeline', pipeline);
    form.set('execute_now', 'true');
    form.set('upload_file', new Blob([readFileSync(file)]), file.slice(file.lastIndexOf('/') + 1));
    const started = Date.now();
    const project = (await (await fetch(`${base}/api/projects/`, { method: 'POST', body: form })).json()) as { uuid: string; runs: { uuid: string }[] };
    const runUuid = project.runs[0]!.uuid;
    let run: Pick<TimedRun, 'status' | 'task_output' | 'step_timings'>;
    do {
      options.onPoll?.(runUuid);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
      run = (await (await fetch(`${base}/api/runs/${runUuid}/`)).json()) as typeof run;
    } while (!['success', 'failure', 'stopped', 'stale'].includes(run.status));
    const seconds = (Date.now() - started) / 1000;
    const detail = (await (await fetch(`${base}/api/projects/${project.uuid}/`)).json()) as Record<string, number>;
    if (config.database.type === 'postgres') {
      await app.get(DataSource).query('DELETE FROM project WHERE uuid = $1', [project.uuid]);
    }
    return { database: config.database.type, status: run.status, task_output: run.task_output, step_timings: run.step_timings, seconds, detail };
  } finally {
    await app.close();
  }
}
