import { randomUUID } from 'node:crypto';
import type { Pipeline } from '../pipelines/pipeline';
import { Run } from './run.entity';

/** A not-started run of a pipeline, with the selected optional-step groups. */
export function newRun(projectUuid: string, created: Date, pipeline: Pipeline<never>, groups: string[] | null): Run {
  return Object.assign(new Run(), {
    uuid: randomUUID(),
    project_uuid: projectUuid,
    pipeline_name: pipeline.name,
    created_date: created,
    scancodeio_version: '',
    description: pipeline.summary,
    current_step: '',
    selected_groups: groups,
    selected_steps: null,
    task_id: null,
    task_start_date: null,
    task_end_date: null,
    task_exitcode: null,
    task_output: '',
    log: '',
    progress_processed: null,
    progress_total: null,
    step_timings: [],
  });
}
