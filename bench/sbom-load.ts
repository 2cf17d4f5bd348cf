/**
 * load_sbom of a generated CycloneDX 1.6 JSON document, through the API with the database.
 *   npm run build && node dist/bench/sbom-load.js [--components 50000]
 * DATABASE_URL=postgres://… selects PostgreSQL (default: a sqlite file in a temporary workspace).
 * Prints the document size, the parse alone (time, peak heap), then the pipeline: wall time, step
 * timings, packages and dependencies stored, and the peak RSS of the run process (VmHWM).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSbom } from '../src/pipes/sbom';
import { timePipelineRun } from './pipeline-run';

const args = process.argv.slice(2);
const components = Number(args[args.indexOf('--components') + 1] ?? 0) || 50_000;
const LICENSES = ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause', 'GPL-2.0-only OR MIT'];

/** A BOM shaped like cdxgen's for a large npm monorepo: purls, licenses, hashes, references, a dependency chain. */
async function generate(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) {
      await once(out, 'drain');
    }
  };
  await write('{"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,');
  await write('"metadata":{"timestamp":"2026-01-01T00:00:00Z","component":{"type":"application","name":"monorepo","bom-ref":"root"}},"components":[');
  const ref = (i: number) => `pkg:npm/%40scope${i % 97}/package-${i}@${1 + (i % 7)}.${i % 13}.${i % 5}`;
  for (let i = 0; i < components; i++) {
    const license = LICENSES[i % LICENSES.length]!;
    const component = {
      type: 'library',
      'bom-ref': ref(i),
      group: `@scope${i % 97}`,
      name: `package-${i}`,
      version: `${1 + (i % 7)}.${i % 13}.${i % 5}`,
      description: `Package number ${i} of the generated monorepo, with a description of ordinary length.`,
      purl: ref(i),
      licenses: license.includes(' ') ? [{ expression: license }] : [{ license: { id: license } }],
      hashes: [{ alg: 'SHA-512', content: (i.toString(16).padStart(8, '0') + 'ab').repeat(12).slice(0, 128) }],
      externalReferences: [{ type: 'vcs', url: `https://github.com/scope${i % 97}/package-${i}` }],
      properties: [{ name: 'cdx:npm:package_json', value: `node_modules/@scope${i % 97}/package-${i}/package.json` }],
    };
    await write(`${i ? ',' : ''}${JSON.stringify(component)}`);
  }
  await write('],"dependencies":[');
  for (let i = 0; i < components; i++) {
    await write(`${i ? ',' : ''}${JSON.stringify({ ref: ref(i), dependsOn: i + 1 < components ? [ref(i + 1)] : [] })}`);
  }
  await write(']}');
  out.end();
  await once(out, 'close');
}

async function parseOnly(file: string): Promise<void> {
  const started = performance.now();
  let packages = 0;
  let peakHeap = 0;
  for await (const event of readSbom(file, 'cyclonedx-json', 'bench.cdx.json')) {
    if (event.kind === 'package' && ++packages % 5000 === 0) {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  }
  console.log(`parse only:   ${packages} packages in ${((performance.now() - started) / 1000).toFixed(2)} s, peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB`);
}

/** Peak resident memory of the run process executing a run, read from /proc while it lives. */
function peakOf(runUuid: string, peaks: Map<string, number>): void {
  try {
    for (const pid of execFileSync('pgrep', ['-f', `run-process.js ${runUuid}`], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (hwm) {
        peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm) * 1024));
      }
    }
  } catch {
    // the process is gone or not started yet
  }
}

async function main(): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'scanloom-bench-sbom-'));
  const file = join(workspace, 'bench.cdx.json');
  await generate(file);
  console.log(`document:     ${components} components, ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB`);
  await parseOnly(file);

  try {
    const peaks = new Map<string, number>();
    const run = await timePipelineRun(workspace, 'load_sbom', file, { onPoll: (runUuid) => peakOf(runUuid, peaks) });
    console.log(`load_sbom (${run.database}): ${run.status} in ${run.seconds.toFixed(2)} s${run.status === 'success' ? '' : `\n${run.task_output}`}`);
    for (const timing of run.step_timings) {
      console.log(`  ${timing.step.padEnd(36)} ${timing.seconds.toFixed(2)} s`);
    }
    console.log(`  packages ${run.detail.package_count}, dependencies ${run.detail.dependency_count}`);
    console.log(`  run process peak RSS: ${(Math.max(0, ...peaks.values()) / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

void main();
