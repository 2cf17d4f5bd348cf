import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { Config } from '../config/config';
import { spawnRunProcess, type RunProcess } from './run-process-spawner';
import type { TaskEndedHandler, TaskQueue } from './task-queue';

const QUEUE_NAME = 'runs';
const CANCEL_CHANNEL = 'cancel-run';

/**
 * Runs queued in Redis and executed by any number of `scanloom worker` processes, each
 * forking a run process per run. A stop request is published to every worker; the one
 * executing the run kills its process.
 */
export class BullMqTaskQueue implements TaskQueue {
  readonly kind = 'redis' as const;
  private readonly connection: IORedis;
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private subscriber: IORedis | null = null;
  private workerConnection: IORedis | null = null;
  private readonly running = new Map<string, RunProcess>();
  private readonly logger = new Logger('queue');

  constructor(private readonly config: Config) {
    this.connection = new IORedis(config.redisUrl ?? '', { maxRetriesPerRequest: null, lazyConnect: false });
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix: config.redisPrefix });
  }

  async startExecuting(onEnded: TaskEndedHandler): Promise<void> {
    this.subscriber = this.connection.duplicate();
    await this.subscriber.subscribe(this.channel);
    this.subscriber.on('message', (_channel: string, runUuid: string) => {
      void this.running.get(runUuid)?.kill();
    });
    // BullMQ leaves connections it was given open: this class closes them.
    this.workerConnection = this.connection.duplicate({ maxRetriesPerRequest: null });
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        const runUuid = (job.data as { runUuid: string }).runUuid;
        const process = spawnRunProcess(this.config, runUuid);
        this.running.set(runUuid, process);
        const end = await process.ended;
        this.running.delete(runUuid);
        await onEnded(runUuid, end).catch((error: unknown) => {
          this.logger.error(`After run ${runUuid}: ${error instanceof Error ? error.message : String(error)}`);
        });
      },
      {
        connection: this.workerConnection,
        prefix: this.config.redisPrefix,
        concurrency: this.config.workers,
        // A run whose worker died is not run again behind the user's back: it fails,
        // and reconciliation records that on the run.
        maxStalledCount: 0,
        lockDuration: this.config.workerHeartbeatSeconds * 1000,
        stalledInterval: Math.max(500, (this.config.workerHeartbeatSeconds * 1000) / 2),
      },
    );
    await this.worker.waitUntilReady();
  }

  async enqueue(runUuid: string): Promise<void> {
    await this.queue.add('execute_run', { runUuid }, { jobId: runUuid, removeOnComplete: true, removeOnFail: 1000 });
  }

  async remove(runUuid: string): Promise<void> {
    const job = await this.queue.getJob(runUuid);
    if (job && !(await job.isActive())) {
      await job.remove();
    }
  }

  async cancel(runUuid: string): Promise<void> {
    await this.remove(runUuid);
    await this.connection.publish(this.channel, runUuid);
    await this.running.get(runUuid)?.ended;
  }

  async state(runUuid: string): Promise<'waiting' | 'active' | 'failed' | 'unknown'> {
    const job = await this.queue.getJob(runUuid);
    const state = job ? await job.getState() : 'unknown';
    if (state === 'active') {
      // A worker renews the lock of each job it executes; no lock means the worker is gone.
      const locked = await this.connection.exists(`${this.config.redisPrefix}:${QUEUE_NAME}:${runUuid}:lock`);
      return locked ? 'active' : 'failed';
    }
    if (state === 'failed') {
      return state;
    }
    return ['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(state) ? 'waiting' : 'unknown';
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.values()].map((p) => p.kill(1000)));
    // Not forced: a processor finishing its bookkeeping completes before the database closes.
    await this.worker?.close();
    await this.queue.close();
    await this.subscriber?.quit().catch(() => undefined);
    await this.workerConnection?.quit().catch(() => undefined);
    await this.connection.quit().catch(() => undefined);
  }

  private get channel(): string {
    return `${this.config.redisPrefix}:${CANCEL_CHANNEL}`;
  }
}
