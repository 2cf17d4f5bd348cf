import * as path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { diskStorage } from 'multer';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { UsersService } from './auth/users.service';
import { HttpErrorFilter } from './common/http-errors';
import type { Config } from './config/config';
import { CONFIG } from './config/config.provider';
import { dataSourceOptions } from './db/data-source';
import { PIPELINES } from './pipelines';
import { PIPELINE_REGISTRY } from './pipelines/registry.provider';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsRepository } from './projects/projects.repository';
import { ProjectsService } from './projects/projects.service';
import type { Pipeline } from './pipelines/pipeline';

export interface AppOptions {
  /** Pipelines to serve; the built-in registry by default (tests add tiny ones). */
  pipelines?: ReadonlyMap<string, Pipeline>;
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
        }),
      ],
      controllers: [ProjectsController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: PIPELINE_REGISTRY, useValue: options.pipelines ?? PIPELINES },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        UsersService,
        ProjectsRepository,
        ProjectsService,
      ],
      exports: [CONFIG, UsersService],
    };
  }
}
