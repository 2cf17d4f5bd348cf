/**
 * File-information pass (no database) over a source tree, against `find | xargs sha256sum` in the same run.
 *   npm run build && node dist/bench/inventory-kernel.js DIR [--threads N] [--no-types-only]
 * DIR is typically the Linux 6.1 tree: node dist/bench/extract-kernel.js --keep bench/.data/linux
 * Runs the walk twice: checksums only (fileTypes: false), then everything including libmagic.
 * Prints wall times, ratios to sha256sum, records/s and peak memory (RSS, worker threads included).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { walkCodebase } from '../src/pipes/fileinfo';

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

async function walk(fileTypes: boolean): Promise<{ seconds: number; cpu: number; records: number; files: number }> {
  const start = process.hrtime.bigint();
  const cpuStart = cpuSeconds();
  let records = 0;
  let files = 0;
  for await (const batch of walkCodebase(root, { threads, fileTypes })) {
    records += batch.length;
    files += batch.filter((r) => r.type === 'file').length;
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: cpuSeconds() - cpuStart, records, files };
}

async function main(): Promise<void> {
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
  console.log(`threads ${threads}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (before the walks ${(rssBefore / 1024).toFixed(0)} MB)`);
}

void main();
