import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.provider';
import { RunsService } from '../runs/runs.service';
import { TASK_QUEUE, type TaskQueue } from './task-queue';

export const QUEUE_ROLE = Symbol('QUEUE_ROLE');

/** What a process does with runs: execute them, only watch over them (an API with Redis workers), or neither (the CLI). */
export interface QueueRole {
  executeRuns: boolean;
  superviseRuns: boolean;
}

/**
 * Starts executing runs in the processes that should (the server with the local queue,
 * workers with Redis), after reconciling what a previous process left behind.
 */
@Injectable()
export class QueueLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('queue');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(TASK_QUEUE) private readonly queue: TaskQueue,
    @Inject(QUEUE_ROLE) private readonly role: QueueRole,
    @Inject(CONFIG) private readonly config: Config,
    private readonly runs: RunsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.role.executeRuns) {
      await this.queue.startExecuting((runUuid, end) => this.runs.afterRunProcess(runUuid, end));
      this.logger.log(`Executing runs (${this.queue.kind} queue)`);
    }
    if (!this.role.superviseRuns) {
      return;
    }
    await this.runs.reconcile();
    if (this.queue.kind === 'redis') {
      // Workers on other machines can die: look for their runs regularly.
      this.timer = setInterval(() => {
        this.runs.reconcile().catch((error: unknown) => this.logger.error(`Reconciliation failed: ${String(error)}`));
      }, this.config.workerHeartbeatSeconds * 1000);
      this.timer.unref();
    }
  }

  /** Before the database closes (TypeORM closes it on application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.queue.close();
  }
}
