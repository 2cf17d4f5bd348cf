import { formatDate } from '../common/dates';
import type { Run } from './run.entity';
import { executionTime, runStatus, type RunStatus } from './run-status';

export interface RunView {
  url?: string;
  pipeline_name: string;
  status: RunStatus;
  description: string;
  selected_groups: string[] | null;
  selected_steps: string[] | null;
  project?: string;
  uuid: string;
  created_date: string | null;
  scancodeio_version: string;
  task_id: string | null;
  task_start_date: string | null;
  task_end_date: string | null;
  task_exitcode: number | null;
  task_output: string;
  log: string;
  execution_time: number | null;
  current_step: string;
  progress: { processed: number; total: number } | null;
  step_timings: { step: string; seconds: number }[];
}

/** The run as ScanCode.io serializes it; `base` null leaves out the url fields (webhooks). */
export function toRunView(run: Run, base: string | null): RunView {
  return {
    ...(base === null ? {} : { url: `${base}/api/runs/${run.uuid}/` }),
    pipeline_name: run.pipeline_name,
    status: runStatus(run),
    description: run.description,
    selected_groups: run.selected_groups,
    selected_steps: run.selected_steps,
    ...(base === null ? {} : { project: `${base}/api/projects/${run.project_uuid}/` }),
    uuid: run.uuid,
    created_date: formatDate(run.created_date),
    scancodeio_version: run.scancodeio_version,
    task_id: run.task_id,
    task_start_date: formatDate(run.task_start_date),
    task_end_date: formatDate(run.task_end_date),
    task_exitcode: run.task_exitcode,
    task_output: run.task_output,
    log: run.log,
    execution_time: executionTime(run),
    current_step: run.current_step,
    progress: run.progress_total !== null ? { processed: run.progress_processed ?? 0, total: run.progress_total } : null,
    step_timings: run.step_timings,
  };
}
