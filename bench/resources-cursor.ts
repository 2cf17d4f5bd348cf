/**
 * Deep paging of the resources list: keyset cursor against page numbers.
 *   npm run build && node dist/bench/resources-cursor.js [resources]   (default 200,000)
 * (DATABASE_URL=postgres://… for PostgreSQL.) Seeds one project with that many resources, then
 * times GET resources/?cursor=… at the start, the middle and the end of the list (default order
 * and sort=-size), and the page-number equivalent for comparison.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { insertRows } from '../src/db/sql';
import { CodebaseResource } from '../src/results/codebase-resource.entity';

const COUNT = Number(process.argv[2] ?? 200_000);
const PAGE = 50;

async function main(): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'scanloom-bench-'));
  const config = loadConfig({ ...process.env, SCANLOOM_WORKSPACE: workspace, SCANLOOM_LOG_LEVEL: 'error' }, workspace);
  const app = await createApp(config, { executeRuns: false, superviseRuns: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const db = app.get(DataSource);
  try {
    const project = (await (await fetch(`${base}/api/projects/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'deep paging' }) })).json()) as { uuid: string };
    const seeded = Date.now();
    for (let start = 0; start < COUNT; start += 20_000) {
      const rows = Array.from({ length: Math.min(20_000, COUNT - start) }, (_, k) => {
        const i = start + k;
        const dir = `src/module-${Math.floor(i / 1000)}`;
        return Object.assign(new CodebaseResource(), {
          project_uuid: project.uuid, path: `${dir}/file-${i}.c`, parent_path: dir, name: `file-${i}.c`, extension: '.c', type: 'file',
          size: (i * 7919) % 100_000, status: 'scanned', sha1: (i * 2654435761).toString(16).padStart(40, '0').slice(-40), programming_language: 'C',
        });
      });
      await db.transaction((tx) => insertRows(tx, CodebaseResource, rows));
    }
    console.log(`database: ${config.database.type}; ${COUNT} resources seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    const list = `${base}/api/projects/${project.uuid}/resources/`;
    for (const sort of ['', '-size']) {
      const label = sort ? `sort=${sort}` : 'default order (path)';
      const depths = [0, Math.floor(COUNT / 2), COUNT - PAGE];
      for (const depth of depths) {
        const cursor = await cursorAt(db, project.uuid, sort, depth);
        const times = await timeRequests(`${list}?page_size=${PAGE}${sort ? `&sort=${sort}` : ''}&cursor=${cursor}`);
        console.log(`${label.padEnd(22)} cursor at row ${String(depth).padStart(7)}: ${summary(times)}`);
      }
      const lastPage = Math.floor((COUNT - 1) / PAGE) + 1;
      const times = await timeRequests(`${list}?page_size=${PAGE}${sort ? `&sort=${sort}` : ''}&page=${lastPage}`, 5);
      console.log(`${label.padEnd(22)} page=${lastPage} (page numbers): ${summary(times)}`);
    }
  } finally {
    if (config.database.type === 'postgres') {
      await db.query("DELETE FROM project WHERE name = 'deep paging'");
    }
    await app.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/** The cursor a client holds after following `next` to this row: its sort values, as the API encodes them. */
async function cursorAt(db: DataSource, project: string, sort: string, depth: number): Promise<string> {
  if (depth === 0) {
    return '';
  }
  const order = sort === '-size' ? 'COALESCE(size, -1) DESC, id DESC' : 'path ASC, id ASC';
  const [row] = await db.query<{ path: string; size: number; id: number }[]>(
    `SELECT path, COALESCE(size, -1) AS size, id FROM codebase_resource WHERE project_uuid = ${db.options.type === 'postgres' ? '$1' : '?'} ORDER BY ${order} LIMIT 1 OFFSET ${depth - 1}`,
    [project],
  );
  const values = sort === '-size' ? [Number(row!.size), row!.id] : [row!.path, row!.id];
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

async function timeRequests(url: string, n = 20): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    if (res.status !== 200) {
      throw new Error(`${res.status} ${await res.text()}`);
    }
    await res.arrayBuffer();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function summary(times: number[]): string {
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${times.at(-1)!.toFixed(1)} ms`;
}

void main();
