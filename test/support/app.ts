import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import type { AppOptions } from '../../src/app.module';
import { loadConfig, type Config } from '../../src/config/config';
import { createTestDatabase, makeTempDir, type TestDatabase } from './db';

export interface TestApp {
  app: NestExpressApplication;
  config: Config;
  db: DataSource;
  /** Base URL of the app listening on loopback, e.g. http://127.0.0.1:40123 */
  url: string;
  workspace: string;
  database: TestDatabase;
  /** Stop the app; `keepData` leaves the database and workspace for another app. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Boot the real application on a fresh database and workspace, listening on a random
 * loopback port. `env` overrides settings as the environment would.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: AppOptions = {},
  reuse?: { workspace: string; database: TestDatabase },
): Promise<TestApp> {
  const workspace = reuse?.workspace ?? makeTempDir();
  const database: TestDatabase = reuse?.database ?? (await createTestDatabase(workspace));
  const base = loadConfig({ SCANLOOM_WORKSPACE: workspace, SCANLOOM_LOG_LEVEL: 'warn', SCANLOOM_PIPELINES_DIRS: TEST_PIPELINES, ...env }, workspace);
  const driver = base.database.type === 'sqlite' ? base.database.driver : 'better-sqlite3';
  const databaseConfig = database.config.type === 'sqlite' ? { ...database.config, driver } : database.config;
  const config: Config = Object.freeze({ ...base, database: databaseConfig });
  const app = await createApp(config, { executeRuns: true, superviseRuns: true, ...options });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    db: app.get(DataSource),
    url: `http://127.0.0.1:${address.port}`,
    workspace,
    database,
    async close(closeOptions = {}) {
      await app.close();
      if (!closeOptions.keepData) {
        await database.drop();
        fs.rmSync(workspace, { recursive: true, force: true });
      }
    },
  };
}

/** Tiny pipelines for the runner and queue specs (test/fixtures/pipelines). */
export const TEST_PIPELINES = path.resolve(__dirname, '../fixtures/pipelines');

export function workPath(testApp: TestApp, ...parts: string[]): string {
  return path.join(testApp.workspace, ...parts);
}
