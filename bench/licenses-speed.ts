/**
 * License + copyright + email/url scan speed over a source tree, in worker threads.
 *   npm run build && node dist/bench/licenses-speed.js DIR [--threads N] [--licensecheck SUBDIR [--whole-files]] [--licenses-only]
 * Prints the load average, wall and CPU time, files/s and peak memory; with --licensecheck, times Debian's licensecheck
 * (license only) and this engine on DIR/SUBDIR in the same run. licensecheck reads the first
 * 60 lines of a file by default; --whole-files makes it read whole files, as this engine does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createScanPool, type ScanPoolOptions } from '../src/pipes/licenses/scan-pool';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => args[args.indexOf(name) + 1] && args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const root = resolve(args[0] ?? '.');
const threads = Number(opt('--threads') ?? availableParallelism());
const licensesOnly = args.includes('--licenses-only');
/** Files per pool task: one file per task costs more in messaging than small files cost to scan. */
const BATCH = 32;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') {
        continue;
      }
      const p = join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.isFile()) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

/** Running from TypeScript sources (not dist/), workers need a compiling entry. */
function workerFile(): string | undefined {
  if (!__filename.endsWith('.ts')) {
    return undefined;
  }
  const repo = resolve(__dirname, '..');
  const file = join(mkdtempSync(join(tmpdir(), 'scanloom-bench-')), 'worker.js');
  writeFileSync(
    file,
    `const fs = require('node:fs');
const swc = require(${JSON.stringify(join(repo, 'node_modules/@swc/core'))});
const o = JSON.parse(fs.readFileSync(${JSON.stringify(join(repo, '.swcrc'))}, 'utf8')); delete o.$schema;
require.extensions['.ts'] = (m, f) => m._compile(swc.transformSync(fs.readFileSync(f, 'utf8'), { ...o, filename: f, sourceMaps: false }).code, f);
module.exports = require(${JSON.stringify(join(repo, 'src/pipes/licenses/scan-worker.ts'))});`,
  );
  return file;
}

/** CPU seconds used by the children this process has waited for (Linux /proc, fields cutime and cstime). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
  // With "pid (comm) " cut off, state (field 3 of proc(5)) is at 0, so cutime (16) and cstime (17) are at 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** CPU seconds of this process, all threads. */
function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function scanTree(
  dir: string,
  options: ScanPoolOptions,
): Promise<{ files: number; seconds: number; cpu: number; withLicense: number; errors: number }> {
  const files = listFiles(dir);
  const pool = createScanPool(options);
  const cpu0 = ownCpuSeconds();
  const started = process.hrtime.bigint();
  let withLicense = 0;
  let errors = 0;
  // Bounded in-flight batches keep memory flat on trees of any size.
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const batch = files.slice(next, next + BATCH).map((path) => ({ path }));
      next += BATCH;
      for (const result of await pool.scanBatch(batch)) {
        if ('error' in result) {
          errors++;
        } else if (result.scan.detected_license_expression) {
          withLicense++;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: threads * 3 }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = ownCpuSeconds() - cpu0;
  await pool.close();
  return { files: files.length, seconds, cpu, withLicense, errors };
}

async function main(): Promise<void> {
  // Timings on a shared machine mean little without the load they were taken under.
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const base: ScanPoolOptions = {
    threads,
    indexCacheDir: join(tmpdir(), 'scanloom-license-index'),
    workerFile: workerFile(),
    copyrights: !licensesOnly,
    emails: !licensesOnly,
    urls: !licensesOnly,
  };
  const sub = opt('--licensecheck');
  if (sub) {
    const dir = join(root, sub);
    const t0 = process.hrtime.bigint();
    const c0 = childCpuSeconds();
    const lines = args.includes('--whole-files') ? ['--lines', '0'] : [];
    execFileSync('licensecheck', ['--recursive', '--check', '.*', ...lines, dir], { maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'inherit'] });
    const lc = Number(process.hrtime.bigint() - t0) / 1e9;
    const lcCpu = childCpuSeconds() - c0;
    const ours = await scanTree(dir, { ...base, copyrights: false, emails: false, urls: false });
    console.log(
      `licensecheck ${lines.length > 0 ? '(whole files) ' : '(first 60 lines) '}${sub}: ${lc.toFixed(2)} s wall, ${lcCpu.toFixed(2)} s CPU; ` +
        `scanloom licenses only: ${ours.seconds.toFixed(2)} s wall, ${ours.cpu.toFixed(2)} s CPU (${ours.files} files) → ` +
        `${(lc / ours.seconds).toFixed(1)}× faster in wall time, ${(lcCpu / ours.cpu).toFixed(1)}× less CPU`,
    );
  }
  const r = await scanTree(root, base);
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${root}: ${r.files} files in ${r.seconds.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU (${(r.files / r.seconds).toFixed(0)} files/s, ${threads} threads, ` +
      `${licensesOnly ? 'licenses only' : 'licenses + copyrights + emails + urls'}); ${r.withLicense} with a license, ${r.errors} errors; peak RSS ${rssMiB.toFixed(0)} MiB`,
  );
}

void main();
