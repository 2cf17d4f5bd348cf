/**
 * inspect_packages speed over a tree of real manifests unpacked from Debian packages.
 *   npm run build && node dist/bench/packages-inspect.js [--debs DIR] [--tree DIR] [--keep]
 * --debs DIR  a folder of .deb files (`apt-get download python3-… golang-…-dev librust-…-dev ruby-… lib…-java`);
 *             each is unpacked with dpkg-deb -x into one tree, which also gets this machine's
 *             /var/lib/dpkg/status and /usr/share/doc/<package>/copyright files.
 * --tree DIR  an existing tree to inspect instead.
 * --pipeline  also run the inspect_packages pipeline on the tree, through the API with the
 *             database (DATABASE_URL=postgres://… for PostgreSQL), and print its step timings.
 * Prints files, datafiles per datasource, packages, dependencies, wall time and files/s.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectPackages } from '../src/pipes/packages/inspect';
import { timePipelineRun } from './pipeline-run';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined =>
  args[args.indexOf(name) + 1] && args.includes(name) ? args[args.indexOf(name) + 1] : undefined;

function buildTree(debs: string): string {
  const root = mkdtempSync(join(tmpdir(), 'scanloom-bench-packages-'));
  const files = readdirSync(debs).filter((f) => f.endsWith('.deb'));
  for (const deb of files) {
    execFileSync('dpkg-deb', ['-x', join(debs, deb), root]);
  }
  mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true });
  copyFileSync('/var/lib/dpkg/status', join(root, 'var/lib/dpkg/status'));
  for (const pkg of readdirSync('/usr/share/doc')) {
    const copyright = join('/usr/share/doc', pkg, 'copyright');
    if (existsSync(copyright) && !existsSync(join(root, 'usr/share/doc', pkg, 'copyright'))) {
      mkdirSync(join(root, 'usr/share/doc', pkg), { recursive: true });
      copyFileSync(copyright, join(root, 'usr/share/doc', pkg, 'copyright'));
    }
  }
  console.log(`unpacked ${files.length} .deb files into ${root}`);
  return root;
}

async function main(): Promise<void> {
  const debs = opt('--debs');
  const tree = opt('--tree') ?? (debs ? buildTree(debs) : undefined);
  if (!tree) {
    console.error('give --debs DIR or --tree DIR');
    process.exit(2);
  }
  const started = process.hrtime.bigint();
  const result = await inspectPackages(tree, { system: true, createResolvedPackages: true });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const byDatasource = new Map<string, number>();
  for (const d of result.datafiles) {
    for (const p of d.packageData.slice(0, 1)) {
      byDatasource.set(p.datasource_id, (byDatasource.get(p.datasource_id) ?? 0) + 1);
    }
  }
  console.log(`files in tree:      ${result.resourcePaths.length}`);
  console.log(`datafiles parsed:   ${result.datafiles.length}`);
  for (const [id, n] of [...byDatasource.entries()].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${id.padEnd(40)} ${n}`);
  }
  console.log(
    `packages:           ${result.assembly.packages.length} (${result.assembly.packages.filter((p) => p.is_virtual).length} virtual)`,
  );
  console.log(`dependencies:       ${result.assembly.dependencies.length}`);
  console.log(`problems:           ${result.problems.length}`);
  console.log(`resources linked:   ${result.assembly.forPackages.size}`);
  console.log(`total time:         ${seconds.toFixed(2)} s`);
  console.log(
    `files/s:            ${(result.resourcePaths.length / seconds).toFixed(0)} (datafiles/s ${(result.datafiles.length / seconds).toFixed(1)})`,
  );
  console.log(`peak rss:           ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  if (args.includes('--pipeline')) {
    await runPipeline(tree);
  }
  if (debs && !args.includes('--keep')) {
    rmSync(tree, { recursive: true, force: true });
  }
}

/** inspect_packages through the API on a tarball of the tree: the whole pipeline, database writes included. */
async function runPipeline(tree: string): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'scanloom-bench-ws-'));
  const tarball = join(workspace, 'tree.tar');
  execFileSync('tar', ['-cf', tarball, '-C', tree, '.']);
  try {
    const run = await timePipelineRun(workspace, 'inspect_packages', tarball, { pollMs: 200 });
    console.log(`\ninspect_packages pipeline (${run.database}): ${run.status} in ${run.seconds.toFixed(2)} s`);
    for (const timing of run.step_timings) {
      console.log(`  ${timing.step.padEnd(40)} ${timing.seconds.toFixed(2)} s`);
    }
    const { detail } = run;
    console.log(`  resources ${detail.resource_count}, packages ${detail.package_count}, dependencies ${detail.dependency_count}`);
    console.log(`  files/s: ${((detail.resource_count ?? 0) / run.seconds).toFixed(0)}`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

void main();
