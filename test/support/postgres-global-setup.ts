import { Client } from 'pg';
import { ensureCliBuilt } from './cli';
import { checkRedis } from './services';

export const POSTGRES_ADMIN_URL = process.env.SCANLOOM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The postgres project needs a server. In CI its absence fails the run; on a
 * developer's machine the specs are skipped with a visible note.
 */
export default async function postgresGlobalSetup(): Promise<void> {
  ensureCliBuilt();
  await checkRedis();
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}: ${(error as Error).message}`;
    if (process.env.CI === 'true') {
      throw new Error(`${reason} (required in CI)`);
    }
    process.env.SCANLOOM_TEST_POSTGRES_SKIP = reason;
    console.warn(`\n[postgres] NOTE: skipping the PostgreSQL specs. ${reason}\n`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
