import type { TaskEnd } from './run-process-spawner';

export const TASK_QUEUE = Symbol('TASK_QUEUE');

/** Called in the executing process after each run process ended. */
export type TaskEndedHandler = (runUuid: string, end: TaskEnd) => Promise<void>;

/**
 * Where runs wait and execute. The queue only carries run ids: status lives in the
 * database. Two backends: LocalTaskQueue (child processes of this server) and
 * BullMqTaskQueue (Redis, any number of `scanloom worker` processes).
 */
export interface TaskQueue {
  readonly kind: 'local' | 'redis';
  /** Begin executing queued runs in this process. */
  startExecuting(onEnded: TaskEndedHandler): Promise<void>;
  enqueue(runUuid: string): Promise<void>;
  /** Drop a run that has not started. */
  remove(runUuid: string): Promise<void>;
  /** Stop a running run wherever it executes; resolves once its process is gone, or told to go. */
  cancel(runUuid: string): Promise<void>;
  /** Whether the backend knows this run as queued or executing (for reconciliation). */
  state(runUuid: string): Promise<'waiting' | 'active' | 'failed' | 'unknown'>;
  /** Wait for the run processes of this process and what follows their end (local queue only). */
  settle?(): Promise<void>;
  close(): Promise<void>;
}
