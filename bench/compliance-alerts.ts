/**
 * Cost of the compliance pass a run makes after each step: bring the stored alerts of a
 * project's resources in line with its policies (sqlite, or DATABASE_URL=postgres://…).
 *   npm run build && node dist/bench/compliance-alerts.js [rows] [distinct expressions]
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDatabase } from '../src/db/data-source';
import { insertRows } from '../src/db/sql';
import { licensePolicyIndex } from '../src/policies/compliance';
import { parsePoliciesYaml } from '../src/policies/policies';
import { PoliciesRepository } from '../src/policies/policies.repository';
import { Project } from '../src/projects/project.entity';
import { CodebaseResource } from '../src/results/codebase-resource.entity';

const ROWS = Number(process.argv[2] ?? 100_000);
const EXPRESSIONS = Number(process.argv[3] ?? 500);
const KEYS = ['mit', 'apache-2.0', 'bsd-new', 'gpl-2.0', 'gpl-3.0', 'mpl-2.0', 'lgpl-2.1', 'isc', 'zlib', 'unknown'];

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanloom-compliance-'));
  const url = process.env.DATABASE_URL;
  const db = await openDatabase(url?.startsWith('postgres') ? { type: 'postgres', url } : { type: 'sqlite', driver: 'better-sqlite3', path: path.join(dir, 'db.sqlite3') });
  const uuid = randomUUID();
  await insertRows(db.manager, Project, [
    Object.assign(new Project(), { uuid, created_date: new Date(), name: `bench ${uuid}`, slug: uuid, work_directory: dir, is_archived: false, notes: '', settings: {}, purl: '', extra_data: {} }),
  ]);
  const expressions = Array.from({ length: EXPRESSIONS }, (_, i) => `${KEYS[i % KEYS.length]!} AND ${KEYS[(i * 7 + 3) % KEYS.length]!} OR lic-${i}`);
  const rows = Array.from({ length: ROWS }, (_, i) =>
    Object.assign(new CodebaseResource(), {
      project_uuid: uuid, path: `src/d${i % 500}/f${i}.c`, parent_path: `src/d${i % 500}`, name: `f${i}.c`, extension: '.c', type: 'file', size: 1, status: '',
      detected_license_expression: i % 3 === 0 ? '' : expressions[i % EXPRESSIONS]!,
    }),
  );
  await db.transaction(async (tx) => insertRows(tx, CodebaseResource, rows, 1000));
  const repository = new PoliciesRepository(db);
  const strict = licensePolicyIndex(parsePoliciesYaml(`license_policies:\n${KEYS.map((k, i) => `  - license_key: ${k}\n    compliance_alert: ${['', 'warning', 'error'][i % 3]!}`).join('\n')}\n`));
  const lenient = licensePolicyIndex(parsePoliciesYaml(`license_policies:\n${KEYS.map((k) => `  - license_key: ${k}\n    compliance_alert: ''`).join('\n')}\n`));
  const measure = async (label: string, index: ReturnType<typeof licensePolicyIndex>) => {
    const t0 = performance.now();
    const changed = await repository.refreshAlerts(uuid, index);
    console.log(`${label.padEnd(34)} ${((performance.now() - t0) / 1000).toFixed(2)} s  (${changed} rows changed)`);
  };
  console.log(`${ROWS} resources, ${EXPRESSIONS} distinct expressions, ${db.options.type}`);
  await measure('first pass (every alert set)', strict);
  await measure('pass with nothing to change', strict);
  await measure('policies changed (alerts move)', lenient);
  await db.query(`DELETE FROM project WHERE uuid = '${uuid}'`);
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
