import { Writable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { ProjectsRepository, type ProjectRecord } from '../projects/projects.repository';
import { TASK_QUEUE, type TaskQueue } from '../queue/task-queue';
import { runStatus } from '../runs/run-status';
import type { Run } from '../runs/run.entity';
import { RunsRepository } from '../runs/runs.repository';
import { RunsService } from '../runs/runs.service';
import { withServices } from './context';
import { findProjectByName } from './projects';
import { RunProgress } from './progress';

/** How long a finished run's successor may take to be queued. */
const CHAIN_GRACE_MS = 30_000;

export function registerExecute(program: Command, config: () => Config): void {
  program
    .command('execute')
    .description("Execute the project's next pipeline run (and the runs chained after it), showing progress.")
    .requiredOption('--project <name>', 'project name')
    .option('--async', 'queue the run for the workers (needs REDIS_URL) and return at once')
    .action(async (options: { project: string; async?: boolean }) => {
      const cfg = config();
      checkAsync(cfg, Boolean(options.async));
      const ok = await withExecution(cfg, async (app) => executeNextRun(app, await findProjectByName(app.get(ProjectsRepository), options.project), Boolean(options.async)));
      process.exitCode = ok ? 0 : 1;
    });
}

/** `--async` queues runs for workers, which needs Redis. */
export function checkAsync(config: Config, async: boolean): void {
  if (async && !config.redisUrl) {
    throw new CommandError('--async needs REDIS_URL: runs are queued for workers through Redis.');
  }
}

/** The services, able to execute runs in this process when there is no Redis queue. */
export function withExecution<T>(config: Config, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  return withServices(
    config,
    async (app) => {
      const result = await work(app);
      // The last run's webhooks are sent after its process exited, which is a moment after
      // the database shows its end: wait for that before the services close.
      await app.get<TaskQueue>(TASK_QUEUE).settle?.();
      return result;
    },
    { executeRuns: !config.redisUrl },
  );
}

/**
 * Start the project's earliest not-started run. Synchronously, wait for it and the runs
 * chained after it, executing them in this process (local queue) or watching the workers.
 * Returns false when a run failed.
 */
export async function executeNextRun(app: INestApplicationContext, record: ProjectRecord, async: boolean, verbosity = 1): Promise<boolean> {
  const { name } = record.project;
  const next = record.runs.find((run) => runStatus(run) === 'not_started');
  if (!next) {
    throw new CommandError(`No pipelines to run on project ${name}`);
  }
  await app.get(RunsService).start(next.uuid);
  const out = verbosity > 0 ? process.stdout : devNull();
  if (async) {
    out.write(`${next.pipeline_name} added to the tasks queue for execution.\n`);
    return true;
  }
  out.write(`Start the ${next.pipeline_name} pipeline execution...\n`);
  return waitForChain(app.get(RunsRepository), record.project.uuid, next.uuid, out, name);
}

/** Wait for a run and those chained after it, reporting to `out`; false when one did not succeed. */
export async function waitForChain(
  runs: RunsRepository,
  projectUuid: string,
  firstUuid: string,
  out: NodeJS.WritableStream = process.stdout,
  projectName?: string,
): Promise<boolean> {
  const progress = new RunProgress();
  const reported = new Set<string>();
  let idleSince: number | null = null;
  for (;;) {
    const all = await runs.forProject(projectUuid);
    const mine = all.slice(all.findIndex((r) => r.uuid === firstUuid));
    const active = mine.find((r) => ['queued', 'running'].includes(runStatus(r)));
    if (active) {
      progress.update(active);
    }
    for (const run of mine.filter((r) => r.task_end_date && !reported.has(r.uuid))) {
      reported.add(run.uuid);
      progress.finishBar();
      if (!report(run, out, projectName)) {
        return false;
      }
    }
    // After a success the next run is queued by whoever executed the previous one: wait for it a while.
    const lastEnded = mine.filter((r) => r.task_end_date).at(-1);
    const nextExpected = lastEnded !== undefined && runStatus(lastEnded) === 'success' && mine.some((r) => runStatus(r) === 'not_started');
    if (active || (nextExpected && (idleSince ??= Date.now()) > Date.now() - CHAIN_GRACE_MS)) {
      if (active) {
        idleSince = null;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    progress.finishBar();
    return true;
  }
}

function report(run: Run, out: NodeJS.WritableStream, projectName?: string): boolean {
  const status = runStatus(run);
  if (status === 'success') {
    out.write(projectName ? `${run.pipeline_name} successfully executed on project ${projectName}\n` : `${run.pipeline_name} successfully executed.\n`);
    return true;
  }
  process.stderr.write(`Error during ${run.pipeline_name} execution (${status}):\n${run.task_output}\n`);
  return false;
}

/** A stream that drops what it is given (--verbosity 0). */
export function devNull(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
