import { Logger } from '@nestjs/common';
import type { Config } from '../config/config';
import { spawnRunProcess, type RunProcess } from './run-process-spawner';
import type { TaskEndedHandler, TaskQueue } from './task-queue';

/**
 * The embedded queue: runs wait in memory (their status is in the database, so a
 * restart re-queues them) and execute in child processes, SCANLOOM_WORKERS at a time.
 */
export class LocalTaskQueue implements TaskQueue {
  readonly kind = 'local' as const;
  private readonly pending: string[] = [];
  private readonly running = new Map<string, RunProcess>();
  private onEnded: TaskEndedHandler | null = null;
  private closed = false;
  /** Bookkeeping after each run process: close() waits for it, so it never outlives the database. */
  private readonly afterwork = new Set<Promise<void>>();

  private readonly logger = new Logger('queue');

  constructor(private readonly config: Config) {}

  startExecuting(onEnded: TaskEndedHandler): Promise<void> {
    this.onEnded = onEnded;
    this.pump();
    return Promise.resolve();
  }

  enqueue(runUuid: string): Promise<void> {
    if (!this.pending.includes(runUuid) && !this.running.has(runUuid)) {
      this.pending.push(runUuid);
      this.pump();
    }
    return Promise.resolve();
  }

  remove(runUuid: string): Promise<void> {
    const index = this.pending.indexOf(runUuid);
    if (index >= 0) {
      this.pending.splice(index, 1);
    }
    return Promise.resolve();
  }

  async cancel(runUuid: string): Promise<void> {
    await this.remove(runUuid);
    await this.running.get(runUuid)?.kill();
  }

  state(runUuid: string): Promise<'waiting' | 'active' | 'unknown'> {
    return Promise.resolve(this.running.has(runUuid) ? 'active' : this.pending.includes(runUuid) ? 'waiting' : 'unknown');
  }

  /**
   * Wait until the run processes executing now have exited and the bookkeeping after each
   * (webhooks, chaining) is done. A command that waited for a run's end in the database
   * calls this before it closes: the run process writes its end a moment before it exits.
   */
  async settle(): Promise<void> {
    while (this.afterwork.size > 0) {
      await Promise.all([...this.afterwork]);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending.length = 0;
    await Promise.all([...this.running.values()].map((p) => p.kill(1000)));
    await Promise.all([...this.afterwork]);
  }

  /** Number of runs executing now (for tests and health). */
  get activeCount(): number {
    return this.running.size;
  }

  private pump(): void {
    while (!this.closed && this.onEnded && this.running.size < this.config.workers && this.pending.length > 0) {
      const runUuid = this.pending.shift()!;
      const process = spawnRunProcess(this.config, runUuid);
      this.running.set(runUuid, process);
      const work = process.ended
        .then(async (end) => {
          this.running.delete(runUuid);
          if (!this.closed) {
            await this.onEnded?.(runUuid, end);
          }
        })
        .catch((error: unknown) => this.logger.error(`After run ${runUuid}: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.afterwork.delete(work);
          this.pump();
        });
      this.afterwork.add(work);
    }
  }
}
