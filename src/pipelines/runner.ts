import type { StepContext } from './context';
import type { Pipeline, PipelineStep } from './pipeline';

export interface RunSelection {
  /** Optional-step groups; null when none were given. */
  groups: readonly string[] | null;
  /** When non-empty, only these steps run; the others are logged as skipped. */
  steps: readonly string[] | null;
}

/** Where the runner records what happens; the service persists it on the Run row. */
export interface RunRecorder {
  log(line: string): Promise<void>;
  currentStep(value: string): Promise<void>;
  stepTiming(step: string, seconds: number): Promise<void>;
}

export type RunOutcome = { ok: true } | { ok: false; output: string };

/** Steps of a pipeline for the selected groups: a step with groups runs only when one is selected. */
export function selectSteps<C>(pipeline: Pipeline<C>, groups: readonly string[] | null): PipelineStep<C>[] {
  const selected = new Set(groups ?? []);
  return pipeline.steps.filter((step) => !step.groups?.length || step.groups.some((g) => selected.has(g)));
}

/** The sorted union of the groups of a pipeline's optional steps. */
export function availableGroups(pipeline: Pipeline<never>): string[] {
  return [...new Set(pipeline.steps.flatMap((step) => step.groups ?? []))].sort();
}

/**
 * Execute a pipeline's steps in order, as ScanCode.io's PipelineRun.execute(): log lines,
 * `current_step` as `i/N name`, per-step timing; the first exception fails the run with
 * its message and stack. Steps never set the run status themselves.
 */
export async function runPipeline<C extends StepContext>(
  pipeline: Pipeline<C>,
  selection: RunSelection,
  ctx: C,
  recorder: RunRecorder,
): Promise<RunOutcome> {
  const steps = selectSteps(pipeline, selection.groups);
  const only = selection.steps?.length ? new Set(selection.steps) : null;
  const started = performance.now();
  await recorder.log(`Pipeline [${pipeline.name}] starting`);
  for (const [index, step] of steps.entries()) {
    if (ctx.signal.aborted) {
      break;
    }
    if (only && !only.has(step.name)) {
      await recorder.log(`Step [${step.name}] skipped`);
      continue;
    }
    await recorder.currentStep(`${index + 1}/${steps.length} ${step.name}`);
    await recorder.log(`Step [${step.name}] starting`);
    const stepStarted = performance.now();
    try {
      await step.run(ctx);
    } catch (error) {
      await recorder.log('Pipeline failed');
      return { ok: false, output: describeError(error) };
    }
    const seconds = (performance.now() - stepStarted) / 1000;
    await recorder.stepTiming(step.name, seconds);
    await recorder.log(`Step [${step.name}] completed in ${formatDuration(seconds)}`);
  }
  await recorder.currentStep('');
  await recorder.log(`Pipeline completed in ${formatDuration((performance.now() - started) / 1000)}`);
  return { ok: true };
}

/** `12 seconds`, or `754 seconds (12.6 minutes)` past a minute, as ScanCode.io logs durations. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  if (seconds >= 3600) {
    return `${whole} seconds (${(seconds / 3600).toFixed(1)} hours)`;
  }
  if (seconds >= 60) {
    return `${whole} seconds (${(seconds / 60).toFixed(1)} minutes)`;
  }
  return `${whole} seconds`;
}

/** The run's `task_output`: message, cause and traceback. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const parts = [error.message];
  if (error.cause instanceof Error) {
    parts.push(`Cause: ${error.cause.message}`);
  }
  parts.push(`Traceback:\n${(error.stack ?? '').split('\n').slice(1).join('\n')}`);
  return parts.join('\n\n');
}
