import type { Command } from 'commander';
import { Logger } from '@nestjs/common';
import { createApp } from '../app';
import { redactUrl, type Config } from '../config/config';
import { startWorker } from './worker.command';

export function registerServe(program: Command, config: () => Config): void {
  program
    .command('serve')
    .description('Start the API server on HOST:PORT (the embedded default: sqlite under SCANLOOM_WORKSPACE).')
    .action(async () => {
      await serve(config());
    });
}

/** Start the HTTP API and keep serving until the process is told to stop. */
export async function serve(config: Config): Promise<void> {
  if (config.role === 'worker') {
    await startWorker(config);
    return;
  }
  // With the local queue the server executes runs itself; with Redis, unless it is api-only.
  const app = await createApp(config, { executeRuns: config.redisUrl ? config.role !== 'api' : true, superviseRuns: true });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const logger = new Logger('scanloom');
  const db = config.database.type === 'postgres' ? redactUrl(config.database.url) : `sqlite ${config.database.path}`;
  logger.log(`Scanloom ${config.version} serving http://${config.host}:${config.port}/api/ (database: ${db})`);
  if (!config.requireAuthentication) {
    logger.warn('Authentication is not required: anyone who can reach this port can use the API (SCANLOOM_REQUIRE_AUTHENTICATION).');
  }
}
