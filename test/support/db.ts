import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { DatabaseConfig } from '../../src/config/config';

export type TestDbKind = 'sqlite' | 'postgres';

export const TEST_DB: TestDbKind = process.env.SCANLOOM_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const POSTGRES_ADMIN_URL = process.env.SCANLOOM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `describe` for specs that need the database of this jest project; skipped (visibly) without one. */
export const describeWithDb: jest.Describe = (process.env.SCANLOOM_TEST_POSTGRES_SKIP && TEST_DB === 'postgres'
  ? describe.skip
  : describe);

/** `describe` for specs that need the database and Redis. */
export const describeWithRedis: jest.Describe = (process.env.SCANLOOM_TEST_REDIS_SKIP ? describe.skip : describeWithDb);

export interface TestDatabase {
  config: DatabaseConfig;
  /** Drops the database (PostgreSQL) or deletes the file (sqlite). */
  drop(): Promise<void>;
}

/** A new empty database of this jest project's kind: a sqlite file or a PostgreSQL database. */
export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  if (TEST_DB === 'sqlite') {
    const file = path.join(dir, 'scanloom.sqlite3');
    return { config: { type: 'sqlite', driver: 'better-sqlite3', path: file }, drop: () => Promise.resolve() };
  }
  const name = `scanloom_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    config: { type: 'postgres', url: url.toString() },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export function makeTempDir(prefix = 'scanloom-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
