import type { Command } from 'commander';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { ProjectsRepository } from '../projects/projects.repository';
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
      if (options.async && !cfg.redisUrl) {
        throw new CommandError('--async needs REDIS_URL: runs are queued for workers through Redis.');
      }
      const ok = await executeProject(cfg, options.project, Boolean(options.async));
      process.exitCode = ok ? 0 : 1;
    });
}

/**
 * Start the project's earliest not-started run. Synchronously, wait for it and the runs
 * chained after it, executing them in this process (local queue) or watching the workers.
 * Returns false when a run failed.
 */
export async function executeProject(config: Config, projectName: string, async: boolean): Promise<boolean> {
  return withServices(
    config,
    async (app) => {
      const record = await findProjectByName(app.get(ProjectsRepository), projectName);
      const next = record.runs.find((run) => runStatus(run) === 'not_started');
      if (!next) {
        throw new CommandError(`No pipelines to run on project ${projectName}`);
      }
      const service = app.get(RunsService);
      await service.start(next.uuid);
      if (async) {
        process.stdout.write(`${next.pipeline_name} added to the queue for execution.\n`);
        return true;
      }
      process.stdout.write(`Start the ${next.pipeline_name} pipeline execution...\n`);
      return waitForChain(app.get(RunsRepository), record.project.uuid, next.uuid);
    },
    { executeRuns: !config.redisUrl },
  );
}

/** Wait for a run and those chained after it, reporting to `out`; false when one did not succeed. */
export async function waitForChain(runs: RunsRepository, projectUuid: string, firstUuid: string, out: NodeJS.WritableStream = process.stdout): Promise<boolean> {
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
      if (!report(run, out)) {
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

function report(run: Run, out: NodeJS.WritableStream): boolean {
  const status = runStatus(run);
  if (status === 'success') {
    out.write(`${run.pipeline_name} successfully executed.\n`);
    return true;
  }
  process.stderr.write(`Error during ${run.pipeline_name} execution (${status}):\n${run.task_output}\n`);
  return false;
}
