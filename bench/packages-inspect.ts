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
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { inspectPackages } from '../src/pipes/packages/inspect';

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
  const config = loadConfig({ ...process.env, SCANLOOM_WORKSPACE: workspace, SCANLOOM_LOG_LEVEL: 'error' }, workspace);
  const app = await createApp(config, { executeRuns: true, superviseRuns: true });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  try {
    const form = new FormData();
    form.set('name', 'bench inspect_packages');
    form.set('pipeline', 'inspect_packages');
    form.set('execute_now', 'true');
    form.set('upload_file', new Blob([readFileSync(tarball)]), 'tree.tar');
    const started = Date.now();
    const project = (await (await fetch(`${base}/api/projects/`, { method: 'POST', body: form })).json()) as { uuid: string; runs: { uuid: string }[] };
    let run: { status: string; step_timings: { step: string; seconds: number }[] };
    do {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = (await (await fetch(`${base}/api/runs/${project.runs[0]!.uuid}/`)).json()) as typeof run;
    } while (!['success', 'failure', 'stopped', 'stale'].includes(run.status));
    const seconds = (Date.now() - started) / 1000;
    const detail = (await (await fetch(`${base}/api/projects/${project.uuid}/`)).json()) as Record<string, number>;
    console.log(`\ninspect_packages pipeline (${config.database.type}): ${run.status} in ${seconds.toFixed(2)} s`);
    for (const timing of run.step_timings) {
      console.log(`  ${timing.step.padEnd(40)} ${timing.seconds.toFixed(2)} s`);
    }
    console.log(`  resources ${detail.resource_count}, packages ${detail.package_count}, dependencies ${detail.dependency_count}`);
    console.log(`  files/s: ${((detail.resource_count ?? 0) / seconds).toFixed(0)}`);
    if (config.database.type === 'postgres') {
      await app.get(DataSource).query('DELETE FROM project WHERE uuid = $1', [project.uuid]);
    }
  } finally {
    await app.close();
    rmSync(workspace, { recursive: true, force: true });
  }
}

void main();
