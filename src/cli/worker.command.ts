import type { Command } from 'commander';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';

export function registerWorker(program: Command, config: () => Config): void {
  program
    .command('worker')
    .description('Execute queued runs from Redis (REDIS_URL); start as many as you like, on any machine sharing the workspace and database.')
    .action(async () => {
      await startWorker(config());
    });
}

/** Run a worker until SIGINT or SIGTERM. */
export async function startWorker(config: Config): Promise<void> {
  if (!config.redisUrl) {
    throw new CommandError('scanloom worker needs REDIS_URL: without Redis, the server executes runs itself.');
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { executeRuns: true, superviseRuns: true }), {
    logger: ['error', 'warn', 'log'],
    abortOnError: false,
  });
  app.enableShutdownHooks();
  new Logger('worker').log(`Scanloom worker ${config.version} executing up to ${config.workers} run(s) at a time`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, resolve);
    }
  });
  await app.close();
}
