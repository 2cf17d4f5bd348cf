import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ActionError, NotFoundError } from '../common/errors';
import { findPipeline, type PipelineRegistry } from '../pipelines';
import { parsePipelineSelection } from '../pipelines/pipeline';
import { PIPELINE_REGISTRY } from '../pipelines/registry.provider';
import { newRun } from './new-run';
import { describeTaskEnd, type TaskEnd } from '../queue/run-process-spawner';
import { TASK_QUEUE, type TaskQueue } from '../queue/task-queue';
import { EXIT_CODE_STALE, EXIT_CODE_STOPPED, runStatus } from './run-status';
import type { Run } from './run.entity';
import { RunsRepository } from './runs.repository';

/** Called after a run ended on its own (success or failure): webhooks subscribe here. */
export interface RunEndListener {
  onRunEnded(run: Run, context: { hasNextRun: boolean }): Promise<void>;
}
export const RUN_END_LISTENERS = Symbol('RUN_END_LISTENERS');

/**
 * Run lifecycle with ScanCode.io's rules: runs of a project execute one at a time in
 * creation order; the next starts by itself after a success; a failure stops the chain.
 */
@Injectable()
export class RunsService {
  private readonly logger = new Logger('runs');

  constructor(
    private readonly runs: RunsRepository,
    @Inject(TASK_QUEUE) private readonly queue: TaskQueue,
    @Inject(PIPELINE_REGISTRY) private readonly registry: PipelineRegistry,
    @Inject(RUN_END_LISTENERS) private readonly listeners: RunEndListener[],
  ) {}

  async get(uuid: string): Promise<Run> {
    const run = await this.runs.findOne(uuid);
    if (!run) {
      throw new NotFoundError('Run');
    }
    return run;
  }

  /** add_pipeline: append a run; start it now only if asked and allowed. */
  async addPipeline(projectUuid: string, value: string | undefined, executeNow: boolean): Promise<Run> {
    if (!value?.trim()) {
      throw new ActionError('Pipeline required.', { pipelines: [...this.registry.keys()].sort() });
    }
    const selection = parsePipelineSelection(value.trim());
    const pipeline = findPipeline(selection.name, this.registry);
    if (!pipeline) {
      throw new ActionError(`${value.trim()} is not a valid pipeline.`);
    }
    const run = newRun(projectUuid, await this.nextCreatedDate(projectUuid), pipeline, selection.groups);
    await this.runs.insert(run);
    if (executeNow) {
      await this.startIfAllowed(run);
    }
    return run;
  }

  /** start_pipeline, with ScanCode.io's refusals in order. */
  async start(uuid: string): Promise<Run> {
    const run = await this.get(uuid);
    if (run.task_end_date) {
      throw new ActionError('Pipeline already executed.');
    }
    if (run.task_start_date) {
      throw new ActionError('Pipeline already started.');
    }
    if (run.task_id) {
      throw new ActionError('Pipeline already queued.');
    }
    if (!(await this.startIfAllowed(run))) {
      throw new ActionError('Cannot execute this action until all previous pipeline runs are completed.');
    }
    return run;
  }

  /** stop_pipeline: the run ends `stopped` and its process is killed. */
  async stop(uuid: string): Promise<Run> {
    const run = await this.get(uuid);
    if (runStatus(run) !== 'running') {
      throw new ActionError('Pipeline is not running.');
    }
    await this.runs.finishIfRunning(uuid, EXIT_CODE_STOPPED, '', 'Stop task requested');
    await this.queue.cancel(uuid);
    await this.runs.refreshProjectCounters(run.project_uuid);
    return run;
  }

  /** delete_pipeline: only runs that have not started. */
  async delete(uuid: string): Promise<Run> {
    const run = await this.get(uuid);
    if (!['not_started', 'queued'].includes(runStatus(run))) {
      throw new ActionError('Only non started or queued pipelines can be deleted.');
    }
    await this.queue.remove(uuid);
    await this.runs.delete(uuid);
    return run;
  }

  /** Queue the project's first runs given at creation, when execute_now was asked. */
  async executeFirstRun(projectUuid: string): Promise<void> {
    const next = (await this.runs.forProject(projectUuid)).find((r) => runStatus(r) === 'not_started');
    if (next) {
      await this.startIfAllowed(next);
    }
  }

  /**
   * After a run process ended: record a crash as a failure, then chain: webhooks, and
   * after a success an empty tmp/ and the next run.
   */
  async afterRunProcess(runUuid: string, end: TaskEnd): Promise<void> {
    const before = await this.runs.findOne(runUuid);
    if (!before) {
      return;
    }
    if (!before.task_end_date && (await this.runs.finishIfRunning(runUuid, 1, describeTaskEnd(end), 'Pipeline failed'))) {
      await this.runs.refreshProjectCounters(before.project_uuid);
    }
    const run = (await this.runs.findOne(runUuid)) ?? before;
    const status = runStatus(run);
    if (status !== 'success' && status !== 'failure') {
      return; // stopped and stale runs trigger nothing, as in ScanCode.io
    }
    const runs = await this.runs.forProject(run.project_uuid);
    const next = runs.find((r) => runStatus(r) === 'not_started');
    for (const listener of this.listeners) {
      await listener.onRunEnded(run, { hasNextRun: next !== undefined }).catch((error: unknown) => {
        this.logger.error(`Run-end listener failed for run ${run.uuid}: ${String(error)}`);
      });
    }
    if (status === 'success') {
      const project = await this.runs.project(run.project_uuid);
      if (project) {
        await emptyFolder(path.join(project.work_directory, 'tmp'));
      }
      if (next) {
        await this.startIfAllowed(next);
      }
    }
  }

  /**
   * At startup of the process that executes runs: queued runs are queued again; runs
   * left running by a process that is gone become stale.
   */
  async reconcile(): Promise<void> {
    for (const run of await this.runs.unfinished()) {
      const state = await this.queue.state(run.uuid);
      if (runStatus(run) === 'queued') {
        if (state === 'unknown') {
          await this.queue.enqueue(run.uuid);
        }
      } else if (state === 'failed') {
        await this.runs.finishIfRunning(run.uuid, 1, 'The worker executing this run was lost.', 'Pipeline failed');
      } else if (state !== 'active') {
        await this.runs.finishIfRunning(run.uuid, EXIT_CODE_STALE, '', 'Run marked stale: its process is gone');
      }
    }
  }

  /** Queue a run when every earlier run of its project has ended; false otherwise. */
  private async startIfAllowed(run: Run): Promise<boolean> {
    const runs = await this.runs.forProject(run.project_uuid);
    const earlier = runs.slice(0, runs.findIndex((r) => r.uuid === run.uuid));
    if (earlier.some((r) => !r.task_end_date)) {
      return false;
    }
    // Queued only once the queue has it: an enqueue failure leaves the run not started.
    await this.queue.enqueue(run.uuid);
    await this.runs.markQueued(run.uuid);
    return true;
  }

  /** A creation date after every existing run of the project: runs keep their order. */
  private async nextCreatedDate(projectUuid: string): Promise<Date> {
    const runs = await this.runs.forProject(projectUuid);
    const last = runs.at(-1)?.created_date.getTime() ?? 0;
    return new Date(Math.max(Date.now(), last + 1));
  }
}

async function emptyFolder(folder: string): Promise<void> {
  const entries = await fs.promises.readdir(folder).catch(() => [] as string[]);
  await Promise.all(entries.map((name) => fs.promises.rm(path.join(folder, name), { recursive: true, force: true })));
}
