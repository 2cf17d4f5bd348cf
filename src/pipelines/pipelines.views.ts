import type { Pipeline } from './pipeline';
import { availableGroups } from './runner';

export interface PipelineView {
  name: string;
  summary: string;
  description: string;
  steps: { name: string; doc: string; groups: string[] }[];
  available_groups: string[];
  is_available: boolean;
  unavailable_reason: string;
}

/** A pipeline as `GET /api/projects/pipelines/` lists it: every step, optional ones included. */
export function toPipelineView(pipeline: Pipeline<never>): PipelineView {
  return {
    name: pipeline.name,
    summary: pipeline.summary,
    description: pipeline.description ?? '',
    steps: pipeline.steps.map((step) => ({ name: step.name, doc: step.summary, groups: [...(step.groups ?? [])] })),
    available_groups: availableGroups(pipeline),
    is_available: true,
    unavailable_reason: '',
  };
}
