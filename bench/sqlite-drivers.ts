/**
 * Bulk insert of codebase resources through TypeORM with each sqlite driver.
 *   npm run build && node dist/bench/sqlite-drivers.js [rows]
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SqliteDriver } from '../src/config/config';
import { openDatabase } from '../src/db/data-source';
import { insertRows } from '../src/db/sql';
import { Project } from '../src/projects/project.entity';
import { CodebaseResource } from '../src/results/codebase-resource.entity';

const ROWS = Number(process.argv[2] ?? 100_000);

async function measure(driver: SqliteDriver): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanloom-sqlite-'));
  const db = await openDatabase({ type: 'sqlite', driver, path: path.join(dir, 'db.sqlite3') });
  const uuid = randomUUID();
  await insertRows(db.manager, Project, [
    Object.assign(new Project(), { uuid, created_date: new Date(), name: 'bench', slug: 'bench', work_directory: dir, is_archived: false, notes: '', settings: {}, purl: '', extra_data: {} }),
  ]);
  const rows = Array.from({ length: ROWS }, (_, i) =>
    Object.assign(new CodebaseResource(), {
      project_uuid: uuid,
      path: `src/dir${i % 500}/file${i}.c`,
      parent_path: `src/dir${i % 500}`,
      name: `file${i}.c`,
      extension: '.c',
      type: 'file',
      size: 1000 + i,
      status: '',
      programming_language: 'C',
      mime_type: 'text/x-c',
      file_type: 'C source, ASCII text',
      is_text: true,
      sha1: 'a'.repeat(40),
      sha256: 'b'.repeat(64),
      md5: 'c'.repeat(32),
    }),
  );
  const t0 = performance.now();
  await db.transaction(async (tx) => insertRows(tx, CodebaseResource, rows, 1000));
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${driver.padEnd(15)} ${ROWS} rows in ${seconds.toFixed(2)} s  (${Math.round(ROWS / seconds)} rows/s)`);
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  await measure('better-sqlite3');
  await measure('sqlite3');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
