import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RunsService } from '../runs/runs.service';
import { TASK_QUEUE, type TaskQueue } from './task-queue';

export const EXECUTE_RUNS = Symbol('EXECUTE_RUNS');
const RECONCILE_INTERVAL_MS = 30_000;

/**
 * Starts executing runs in the processes that should (the server with the local queue,
 * workers with Redis), after reconciling what a previous process left behind.
 */
@Injectable()
export class QueueLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('queue');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(TASK_QUEUE) private readonly queue: TaskQueue,
    @Inject(EXECUTE_RUNS) private readonly executeRuns: boolean,
    private readonly runs: RunsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.executeRuns) {
      return;
    }
    await this.queue.startExecuting((runUuid, end) => this.runs.afterRunProcess(runUuid, end));
    await this.runs.reconcile();
    if (this.queue.kind === 'redis') {
      // Workers on other machines can die: look for their runs regularly.
      this.timer = setInterval(() => {
        this.runs.reconcile().catch((error: unknown) => this.logger.error(`Reconciliation failed: ${String(error)}`));
      }, RECONCILE_INTERVAL_MS);
      this.timer.unref();
    }
    this.logger.log(`Executing runs (${this.queue.kind} queue)`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.queue.close();
  }
}
