/**
 * How fast GET /api/projects/ answers while a long, CPU-bound run executes.
 *   npm run build && node dist/bench/api-during-run.js [seconds]
 * (DATABASE_URL=postgres://… for PostgreSQL.) Seeds 1,000 projects, starts a run that
 * keeps a core busy and writes to the database every second, and times the list meanwhile.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';

const SECONDS = Number(process.argv[2] ?? 20);

async function main(): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'scanloom-bench-'));
  const pipelines = path.resolve(__dirname, '../../bench/pipelines');
  const config = loadConfig({ ...process.env, SCANLOOM_WORKSPACE: workspace, SCANLOOM_LOG_LEVEL: 'error', SCANLOOM_PIPELINES_DIRS: pipelines }, workspace);
  const app = await createApp(config, { executeRuns: true, superviseRuns: true });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  try {
    for (let i = 0; i < 1000; i++) {
      await post(`${base}/api/projects/`, { name: `project-${i}`, labels: [`team-${i % 10}`] });
    }
    const idle = await sample(base, 3000);
    const project = (await post(`${base}/api/projects/`, { name: 'long scan', pipeline: 'bench_cpu_burn', settings: { seconds: SECONDS }, execute_now: true })) as { runs: { uuid: string }[] };
    const runUrl = `${base}/api/runs/${project.runs[0]!.uuid}/`;
    while (((await (await fetch(runUrl)).json()) as { status: string }).status !== 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const busy = await sample(base, (SECONDS - 3) * 1000);
    const run = (await (await fetch(runUrl)).json()) as { status: string };
    console.log(`database: ${config.database.type}; 1,000 projects; run status during the sample: ${run.status}`);
    console.log(`GET /api/projects/ idle:           ${describe(idle)}`);
    console.log(`GET /api/projects/ during the run: ${describe(busy)}`);
  } finally {
    if (config.database.type === 'postgres') {
      await app.get(DataSource).query('DELETE FROM project');
    }
    await app.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

async function sample(base: string, durationMs: number): Promise<number[]> {
  const times: number[] = [];
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/projects/`);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return times.sort((a, b) => a - b);
}

function describe(times: number[]): string {
  const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(times.length * q))] ?? 0).toFixed(1);
  return `${times.length} requests, median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) {
    throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  }
  return res.json();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
