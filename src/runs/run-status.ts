import type { Run } from './run.entity';

export const RUN_STATUSES = ['not_started', 'queued', 'running', 'success', 'failure', 'stopped', 'stale'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const EXIT_CODE_STALE = 88;
export const EXIT_CODE_STOPPED = 99;

type RunState = Pick<Run, 'task_exitcode' | 'task_start_date' | 'task_id'>;

/** ScanCode.io's computed status: the first matching rule wins. */
export function runStatus(run: RunState): RunStatus {
  if (run.task_exitcode === 0) {
    return 'success';
  }
  if (run.task_exitcode === EXIT_CODE_STALE) {
    return 'stale';
  }
  if (run.task_exitcode === EXIT_CODE_STOPPED) {
    return 'stopped';
  }
  if (run.task_exitcode !== null && run.task_exitcode > 0) {
    return 'failure';
  }
  if (run.task_start_date) {
    return 'running';
  }
  if (run.task_id) {
    return 'queued';
  }
  return 'not_started';
}

/** Queued or running: what blocks deleting, archiving and resetting a project. */
export function isRunInProgress(run: Pick<Run, 'task_id' | 'task_end_date'>): boolean {
  return run.task_id !== null && run.task_end_date === null;
}

/** Whole seconds between start and end, or null while unfinished or stale. */
export function executionTime(run: Pick<Run, 'task_start_date' | 'task_end_date' | 'task_exitcode'>): number | null {
  if (!run.task_start_date || !run.task_end_date || run.task_exitcode === EXIT_CODE_STALE) {
    return null;
  }
  return Math.floor((run.task_end_date.getTime() - run.task_start_date.getTime()) / 1000);
}
