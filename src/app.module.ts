import * as path from 'node:path';
import { DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { diskStorage } from 'multer';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { UsersService } from './auth/users.service';
import { HttpErrorFilter } from './common/http-errors';
import type { Config } from './config/config';
import { CONFIG } from './config/config.provider';
import { dataSourceOptions } from './db/data-source';
import { ExportsController } from './exporters/exports.controller';
import { OutputsService } from './exporters/outputs.service';
import { loadPipelineRegistry } from './pipelines';
import { PoliciesController } from './policies/policies.controller';
import { globalPoliciesProvider } from './policies/policies.provider';
import { PoliciesRepository } from './policies/policies.repository';
import { PoliciesService } from './policies/policies.service';
import { PIPELINE_REGISTRY } from './pipelines/registry.provider';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsRepository } from './projects/projects.repository';
import { ProjectsService } from './projects/projects.service';
import { LocalTaskQueue } from './queue/local-task-queue';
import { QUEUE_ROLE, QueueLifecycle } from './queue/queue.lifecycle';
import { TASK_QUEUE, type TaskQueue } from './queue/task-queue';
import { MessagesRepository } from './results/messages.repository';
import { ResultsController } from './results/results.controller';
import { ExportRowsRepository } from './results/export-rows.repository';
import { ResultsRepository } from './results/results.repository';
import { RunsController } from './runs/runs.controller';
import { RunsRepository } from './runs/runs.repository';
import { RUN_END_LISTENERS, RunsService } from './runs/runs.service';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookPayloadBuilder } from './webhooks/webhook-payload.builder';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksRepository } from './webhooks/webhooks.repository';
import { WebhooksService } from './webhooks/webhooks.service';

export interface AppOptions {
  /** Execute queued runs in this process (the server with the local queue, a worker). */
  executeRuns?: boolean;
  /** Reconcile runs with the queue (at startup, and regularly with Redis). */
  superviseRuns?: boolean;
}

/** The one list of controllers, services, repositories and filters. */
@Module({})
export class AppModule {
  static forRoot(config: Config, options: AppOptions = {}): DynamicModule {
    const uploadDir = path.join(config.workspace, 'tmp', 'uploads');
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.database), migrationsRun: true, migrationsTransactionMode: 'each' }),
        MulterModule.register({
          // Uploads stream to disk, never whole into memory.
          storage: diskStorage({
            destination: (_req, _file, done) => {
              fs.mkdir(uploadDir, { recursive: true }, (error) => done(error, uploadDir));
            },
            filename: (_req, _file, done) => done(null, randomUUID()),
          }),
          limits: { fileSize: config.maxUploadSize },
        }),
      ],
      // ExportsController first: its `projects/report` route must win over `projects/:uuid`.
      controllers: [ExportsController, ProjectsController, RunsController, ResultsController, PoliciesController, WebhooksController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: PIPELINE_REGISTRY, useValue: loadPipelineRegistry(config.pipelinesDirs) },
        // The one place the queue backend is chosen: Redis when REDIS_URL is set.
        // BullMQ and ioredis (a few hundred modules) are loaded only when they are used.
        {
          provide: TASK_QUEUE,
          useFactory: (): TaskQueue =>
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            config.redisUrl ? new (require('./queue/bullmq-task-queue') as typeof import('./queue/bullmq-task-queue')).BullMqTaskQueue(config) : new LocalTaskQueue(config),
        },
        { provide: QUEUE_ROLE, useValue: { executeRuns: options.executeRuns ?? false, superviseRuns: options.superviseRuns ?? false } },
        // Webhooks are delivered after each run, by the process that executed it.
        { provide: RUN_END_LISTENERS, useFactory: (webhooks: WebhooksService) => [webhooks], inject: [WebhooksService] },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        UsersService,
        ProjectsRepository,
        ProjectsService,
        onDataSource(RunsRepository),
        RunsService,
        onDataSource(MessagesRepository),
        ResultsRepository,
        ExportRowsRepository,
        OutputsService,
        QueueLifecycle,
        globalPoliciesProvider(config),
        onDataSource(PoliciesRepository),
        PoliciesService,
        WebhooksRepository,
        WebhooksService,
        WebhookDispatcher,
        WebhookPayloadBuilder,
      ],
      exports: [CONFIG, UsersService],
    };
  }
}

/**
 * A repository the run processes share with the server. These classes carry no Nest decorators,
 * so that a run process (which has no Nest application) does not load Nest to use them.
 */
function onDataSource<T>(repository: new (db: DataSource) => T): Provider<T> {
  return { provide: repository, useFactory: (db: DataSource) => new repository(db), inject: [DataSource] };
}
