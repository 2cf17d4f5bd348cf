/**
 * GET /api/projects/ with 10,000 projects in the database.
 *   npm run bench:projects                      # embedded sqlite
 *   DATABASE_URL=postgres://… npm run bench:projects
 * Prints the median and 95th percentile answer times of the list and of common filters.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { insertRows } from '../src/db/sql';
import { InputSource } from '../src/inputs/input-source.entity';
import { ProjectLabel } from '../src/projects/project-label.entity';
import { Project } from '../src/projects/project.entity';
import { Run } from '../src/runs/run.entity';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

async function main(): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'scanloom-bench-'));
  const config = loadConfig({ ...process.env, SCANLOOM_WORKSPACE: workspace, SCANLOOM_LOG_LEVEL: 'error' }, workspace);
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const db = app.get(DataSource);
  try {
    const seeded = performance.now();
    await seed(db, workspace);
    // A long-lived database has statistics (autovacuum); give the fresh one its own.
    await db.query('ANALYZE');
    console.log(`database: ${config.database.type}; seeded ${PROJECTS} projects in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const base = `http://127.0.0.1:${port}`;
    for (const [label, url] of [
      ['list, first page', '/api/projects/'],
      ['list, page 150', '/api/projects/?page=150'],
      ['list, last page', '/api/projects/?page=last'],
      ['filter name__contains', '/api/projects/?name__contains=project-09'],
      ['filter label', '/api/projects/?label=team-7'],
      ['detail', `/api/projects/${(await db.getRepository(Project).findOneByOrFail({ name: 'project-05000' })).uuid}/`],
    ] as const) {
      const times = await measure(`${base}${url}`);
      console.log(`${label.padEnd(24)} median ${times.median.toFixed(1)} ms   p95 ${times.p95.toFixed(1)} ms`);
    }
  } finally {
    if (config.database.type === 'postgres') {
      await db.query('DELETE FROM project');
    }
    await app.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

async function seed(db: DataSource, workspace: string): Promise<void> {
  const start = Date.now() - PROJECTS * 1000;
  await db.transaction(async (tx) => {
    for (let offset = 0; offset < PROJECTS; offset += 1000) {
      const projects: Project[] = [];
      const labels: ProjectLabel[] = [];
      const runs: Run[] = [];
      const inputs: InputSource[] = [];
      for (let i = offset; i < Math.min(offset + 1000, PROJECTS); i++) {
        const uuid = randomUUID();
        const created = new Date(start + i * 1000);
        const name = `project-${String(i).padStart(5, '0')}`;
        projects.push(Object.assign(new Project(), {
          uuid, created_date: created, name, slug: `${name}-${uuid.slice(0, 8)}`, work_directory: path.join(workspace, 'projects', name),
          is_archived: i % 10 === 0, notes: '', settings: {}, purl: '', extra_data: {},
        }));
        labels.push(Object.assign(new ProjectLabel(), { project_uuid: uuid, name: `team-${i % 20}`, slug: `team-${i % 20}` }));
        runs.push(Object.assign(new Run(), {
          uuid: randomUUID(), project_uuid: uuid, pipeline_name: 'scan_codebase', created_date: created, description: 'Scan a codebase.',
          selected_groups: null, selected_steps: null, task_id: null, task_start_date: created, task_end_date: new Date(created.getTime() + 5000), task_exitcode: 0,
          log: 'Pipeline [scan_codebase] starting\nPipeline completed', task_output: '', scancodeio_version: '0.1.0', current_step: '',
        }));
        inputs.push(Object.assign(new InputSource(), {
          uuid: randomUUID(), project_uuid: uuid, created_date: created, download_url: `https://example.com/${name}.tgz`, filename: `${name}.tgz`, is_uploaded: false, tag: '',
        }));
      }
      await insertRows(tx, Project, projects);
      await insertRows(tx, ProjectLabel, labels);
      await insertRows(tx, Run, runs);
      await insertRows(tx, InputSource, inputs);
    }
  });
}

async function measure(url: string): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 10; i++) {
    await check(url);
  }
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await check(url);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? 0, p95: times[Math.floor(times.length * 0.95)] ?? 0 };
}

async function check(url: string): Promise<void> {
  const res = await fetch(url);
  if (res.status !== 200) {
    throw new Error(`${url} answered ${res.status}`);
  }
  await res.arrayBuffer();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
