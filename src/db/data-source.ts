import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

/**
 * TypeORM options for the configured database. Schema comes from the checked-in
 * migrations of each dialect, run at startup; `synchronize` is never used.
 */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = { entities: ENTITIES, synchronize: false, migrationsRun: false, logging: false } as const;
  if (db.type === 'postgres') {
    return { ...common, type: 'postgres', url: db.url, migrations: POSTGRES_MIGRATIONS, extra: { max: 10 } };
  }
  fs.mkdirSync(path.dirname(db.path), { recursive: true });
  // WAL lets readers (the API) go on while a pipeline writes; a busy timeout makes the
  // API and the run processes wait for each other's short write transactions.
  const prepareDatabase = (handle: { pragma?: (sql: string) => unknown }) => {
    handle.pragma?.('journal_mode = WAL');
    handle.pragma?.('busy_timeout = 10000');
    handle.pragma?.('foreign_keys = ON');
  };
  if (db.driver === 'better-sqlite3') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      migrations: SQLITE_MIGRATIONS,
      prepareDatabase,
      enableWAL: true,
    };
  }
  return {
    ...common,
    type: 'sqlite',
    database: db.path,
    migrations: SQLITE_MIGRATIONS,
    enableWAL: true,
    busyTimeout: 10_000,
  };
}

/** Open the database and bring its schema up to date. */
export async function openDatabase(db: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(db));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
