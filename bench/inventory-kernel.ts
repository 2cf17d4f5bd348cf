/**
 * File-information pass (no database) over a source tree, against `find | xargs sha256sum` in the same run.
 *   npm run build && node dist/bench/inventory-kernel.js DIR [--threads N] [--no-types-only]
 * DIR is typically the Linux 6.1 tree: node dist/bench/extract-kernel.js --keep bench/.data/linux
 * Runs the walk twice: checksums only (fileTypes: false), then everything including libmagic.
 * --db: a third pass stores every record as collect_and_create_codebase_resources does, in a fresh
 *       sqlite database (or DATABASE_URL=postgres://…).
 * The tree is read once before the timings, so both sides find it in the page cache.
 * Prints wall times, ratios to sha256sum, records/s and peak memory (RSS, worker threads included).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/data-source';
import { insertRows } from '../src/db/sql';
import { Project } from '../src/projects/project.entity';
import { walkCodebase } from '../src/pipes/fileinfo';
import { ProjectResourceStore } from '../src/results/resources.store';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const root = resolve(args[0] ?? '.');
const threads = Number(opt('--threads') ?? availableParallelism());

/** CPU seconds (user + system) of this process, worker threads and finished child processes (`file`) included. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  // Fields 16 and 17 of /proc/self/stat: CPU of waited-for children, in clock ticks (100 per second on Linux).
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  const children = (Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) / 100;
  return (user + system) / 1e6 + children;
}

async function walk(fileTypes: boolean, store?: ProjectResourceStore): Promise<{ seconds: number; cpu: number; records: number; files: number }> {
  const start = process.hrtime.bigint();
  const cpuStart = cpuSeconds();
  let records = 0;
  let files = 0;
  for await (const batch of walkCodebase(root, { threads, fileTypes, sha512: true })) {
    records += batch.length;
    files += batch.filter((r) => r.type === 'file').length;
    await store?.insertBatch(batch);
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: cpuSeconds() - cpuStart, records, files };
}

async function main(): Promise<void> {
  // Read the tree once first, so that neither side pays for the disk (the first to run would).
  spawnSync('sh', ['-c', 'find . -type f -print0 | xargs -0 cat > /dev/null'], { cwd: root });
  let start = process.hrtime.bigint();
  const timed = spawnSync('/usr/bin/time', ['-f', '%U %S', 'sh', '-c', 'find . -type f -print0 | xargs -0 sha256sum > /dev/null'], {
    cwd: root,
    encoding: 'utf8',
  });
  const baseline = Number(process.hrtime.bigint() - start) / 1e9;
  const baselineCpu = timed.stderr.trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0);
  console.log(`find | xargs sha256sum   ${baseline.toFixed(1)} s, CPU ${baselineCpu.toFixed(1)} s`);
  const rssBefore = process.resourceUsage().maxRSS;
  start = process.hrtime.bigint();
  const sums = await walk(false);
  console.log(
    `walk, checksums only     ${sums.seconds.toFixed(1)} s, ${sums.files} files, ${sums.records} records, ` +
      `${(sums.records / sums.seconds).toFixed(0)} records/s, CPU ${sums.cpu.toFixed(1)} s, ratio ${(sums.seconds / baseline).toFixed(2)}`,
  );
  if (!args.includes('--no-types-only')) {
    const full = await walk(true);
    console.log(
      `walk, with libmagic      ${full.seconds.toFixed(1)} s, ${(full.records / full.seconds).toFixed(0)} records/s, ` +
        `CPU ${full.cpu.toFixed(1)} s, ratio ${(full.seconds / baseline).toFixed(2)}`,
    );
  }
  if (args.includes('--db')) {
    const workspace = mkdtempSync(join(tmpdir(), 'scanloom-bench-inventory-'));
    const config = loadConfig({ ...process.env, SCANLOOM_WORKSPACE: workspace }, workspace);
    const db = await openDatabase(config.database);
    const project = randomUUID();
    await insertRows(db.manager, Project, [Object.assign(new Project(), { uuid: project, name: `inventory ${project}`, slug: project, work_directory: workspace, created_date: new Date() })]);
    try {
      const stored = await walk(true, new ProjectResourceStore(db, project));
      console.log(
        `walk + ${config.database.type} rows ${stored.seconds.toFixed(1)} s, ${(stored.records / stored.seconds).toFixed(0)} records/s, ` +
          `CPU ${stored.cpu.toFixed(1)} s, ratio ${(stored.seconds / baseline).toFixed(2)}`,
      );
    } finally {
      await db.query(`DELETE FROM project WHERE uuid = ${config.database.type === 'postgres' ? '$1' : '?'}`, [project]);
      await db.destroy();
      rmSync(workspace, { recursive: true, force: true });
    }
  }
  console.log(`threads ${threads}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (before the walks ${(rssBefore / 1024).toFixed(0)} MB)`);
}

void main();
