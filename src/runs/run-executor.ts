import * as path from 'node:path';
import type { Config } from '../config/config';
import { findPipeline, type PipelineRegistry } from '../pipelines';
import type { ImportStore, InputStore, PackageStore, ResourceStore, StepContext } from '../pipelines/context';
import { describeError, runPipeline, type RunRecorder } from '../pipelines/runner';
import type { CompliancePass } from '../policies/compliance-pass';
import type { MessagesRepository } from '../results/messages.repository';
import type { RunsRepository } from './runs.repository';

const PROGRESS_INTERVAL_MS = 1000;

/**
 * Executes one run where it is called: in a run process forked by the local queue or by
 * a worker. It records start, log, current step, progress and the outcome on the Run row;
 * what happens after (next run, webhooks) is the queue owner's business.
 */
export class RunExecutor {
  constructor(
    private readonly config: Config,
    private readonly runs: RunsRepository,
    private readonly messages: MessagesRepository,
    private readonly registry: PipelineRegistry,
    private readonly stores: (project: { uuid: string; settings: Record<string, unknown> }) => { resources: ResourceStore; packages: PackageStore; inputs: InputStore; imports: ImportStore },
    /** Compliance alerts for the rows each step stored, and a final pass. */
    private readonly compliance?: CompliancePass,
  ) {}

  async execute(runUuid: string, signal: AbortSignal): Promise<void> {
    const run = await this.runs.findOne(runUuid);
    if (!run || run.task_end_date) {
      return; // deleted or stopped before it could start
    }
    const project = await this.runs.project(run.project_uuid);
    const pipeline = findPipeline(run.pipeline_name, this.registry);
    await this.runs.update(runUuid, {
      task_id: runUuid,
      task_start_date: new Date().toISOString() as never,
      scancodeio_version: this.config.version,
      task_output: '',
      log: '',
      current_step: '',
      step_timings: [],
      progress_processed: null,
      progress_total: null,
    });
    if (!project || !pipeline) {
      await this.runs.finishIfRunning(runUuid, 1, project ? `Pipeline ${run.pipeline_name} is not registered.` : 'Project not found.');
      return;
    }
    const root = project.work_directory;
    const timings: { step: string; seconds: number }[] = [];
    let lastProgress = 0;
    const ctx: StepContext = {
      projectUuid: project.uuid,
      projectName: project.name,
      runUuid,
      pipelineName: pipeline.name,
      settings: project.settings,
      paths: {
        root,
        input: path.join(root, 'input'),
        codebase: path.join(root, 'codebase'),
        output: path.join(root, 'output'),
        tmp: path.join(root, 'tmp'),
        cache: path.join(this.config.workspace, 'cache'),
      },
      signal,
      log: (message) => this.runs.appendLog(runUuid, message),
      progress: async (processed, total) => {
        const now = Date.now();
        if (processed < total && now - lastProgress < PROGRESS_INTERVAL_MS) {
          return;
        }
        lastProgress = now;
        await this.runs.update(runUuid, { progress_processed: processed, progress_total: total });
      },
      addMessage: (message) => this.messages.add(project.uuid, { model: pipeline.name, ...message }),
      updateProjectExtraData: (fields) => this.runs.updateProjectExtraData(project.uuid, fields),
      ...this.stores(project),
      fetchLimits: {
        allowPrivate: this.config.allowPrivateUrls,
        timeoutSeconds: this.config.downloadTimeoutSeconds,
        maxSize: this.config.maxDownloadSize,
        gitCloneTimeoutSeconds: this.config.gitCloneTimeoutSeconds,
      },
    };
    const recorder: RunRecorder = {
      log: (line) => this.runs.appendLog(runUuid, line),
      currentStep: (value) => this.runs.update(runUuid, { current_step: value, progress_processed: null, progress_total: null }),
      stepTiming: async (step, seconds) => {
        timings.push({ step, seconds: Math.round(seconds * 1000) / 1000 });
        await this.runs.update(runUuid, { step_timings: timings });
        await this.compliance?.refresh(project);
      },
    };
    let outcome;
    try {
      outcome = await runPipeline(pipeline, { groups: run.selected_groups, steps: run.selected_steps }, ctx, recorder);
      if (outcome.ok && !signal.aborted) {
        await this.compliance?.finish(project);
      }
    } catch (error) {
      outcome = { ok: false as const, output: describeError(error) };
    }
    // Counters first: a client that sees the run ended must see the project's new counts.
    await this.runs.refreshProjectCounters(project.uuid);
    await this.runs.finishIfRunning(runUuid, outcome.ok ? 0 : 1, outcome.ok ? '' : outcome.output);
  }
}
