import type { StepContext } from '../context';
import type { PipelineStep } from '../pipeline';

/**
 * A step whose engine is not wired in yet. It does nothing but say so in the run log, so
 * a run's log never pretends work was done.
 */
export function pendingStep(name: string, summary: string, groups?: readonly string[]): PipelineStep<StepContext> {
  return {
    name,
    summary,
    groups,
    run: (ctx) => ctx.log(`Step [${name}] is not available in this version of Scanloom: nothing was done.`),
  };
}
