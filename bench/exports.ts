/**
 * XLSX and JSON exports of a project with 100,000 resources and 10,000 packages.
 *   npm run build && node dist/bench/exports.js                  # embedded sqlite
 *   DATABASE_URL=postgres://… node dist/bench/exports.js         # PostgreSQL
 *   BENCH_RESOURCES=10000 BENCH_PACKAGES=1000 BENCH_KEEP=1 …     # smaller, keep the workspace to profile one export
 * Each export runs in a fresh child process, so its peak memory (max RSS) is its own.
 * Goal: XLSX in at most 15 s and 300 MiB.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadConfig, type Config } from '../src/config/config';
import { insertRows } from '../src/db/sql';
import type { OutputFormat } from '../src/exporters';
import { OutputsService } from '../src/exporters/outputs.service';
import { ProjectsRepository } from '../src/projects/projects.repository';
import { ProjectsService } from '../src/projects/projects.service';
import { CodebaseResource } from '../src/results/codebase-resource.entity';
import { DiscoveredDependency } from '../src/results/discovered-dependency.entity';
import { DiscoveredPackage } from '../src/results/discovered-package.entity';
import { ResourcePackage } from '../src/results/resource-package.entity';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 100_000);
const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 10_000);
const PROJECT = 'export-bench';

async function withApp<T>(config: Config, work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'export') {
    await exportOnce(process.argv[3]!, process.argv[4] as OutputFormat);
    return;
  }
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'scanloom-bench-'));
  const config = loadConfig({ ...process.env, SCANLOOM_WORKSPACE: workspace, SCANLOOM_LOG_LEVEL: 'error' }, workspace);
  try {
    const started = performance.now();
    const projectUuid = await withApp(config, async (app) => {
      const record = await app.get(ProjectsService).create({ name: PROJECT }, []);
      await seed(app.get(DataSource), record.project.uuid);
      // A long-lived database has statistics (autovacuum); give the fresh one its own.
      await app.get(DataSource).query('ANALYZE');
      return record.project.uuid;
    });
    console.log(`database: ${config.database.type}; seeded ${RESOURCES} resources and ${PACKAGES} packages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const format of ['xlsx', 'json'] as const) {
      const out = execFileSync(process.execPath, [__filename, 'export', workspace, format], { env: process.env, encoding: 'utf8' });
      const figures = JSON.parse(out) as { seconds: number; cpuSeconds: number; maxRssMiB: number; bytes: number };
      // CPU seconds are the figure to compare on a busy machine: wall time includes waiting for a core.
      console.log(`${format.padEnd(5)} ${figures.seconds.toFixed(1)} s (CPU ${figures.cpuSeconds.toFixed(1)} s)   peak RSS ${figures.maxRssMiB.toFixed(0)} MiB   file ${(figures.bytes / 1024 / 1024).toFixed(1)} MiB   load average ${os.loadavg()[0]!.toFixed(1)}`);
    }
    if (config.database.type === 'postgres') {
      await withApp(config, async (app) => app.get(DataSource).query('DELETE FROM project WHERE uuid = $1', [projectUuid]));
    }
  } finally {
    if (process.env.BENCH_KEEP) {
      console.log(`workspace kept: ${workspace} (node dist/bench/exports.js export ${workspace} xlsx)`);
    } else {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  }
}

/** One export in this process; prints its time, peak memory and file size as JSON. */
async function exportOnce(workspace: string, format: OutputFormat): Promise<void> {
  const config = loadConfig({ ...process.env, SCANLOOM_WORKSPACE: workspace, SCANLOOM_LOG_LEVEL: 'error' }, workspace);
  await withApp(config, async (app) => {
    const record = (await app.get(ProjectsRepository).findByName(PROJECT))!;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const file = await app.get(OutputsService).write(record, format, '');
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    process.stdout.write(JSON.stringify({ seconds, cpuSeconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, bytes: fs.statSync(file).size }));
  });
}

/** Rows shaped like a scanned npm monorepo: files with hashes, licenses and copyrights, packages owning ten files each. */
async function seed(db: DataSource, projectUuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const chunk = 10_000;
    for (let offset = 0; offset < RESOURCES; offset += chunk) {
      const rows: CodebaseResource[] = [];
      for (let i = offset; i < Math.min(offset + chunk, RESOURCES); i++) {
        const dir = `packages/pkg-${String(Math.floor(i / 10)).padStart(5, '0')}`;
        const name = `file-${i % 10}.js`;
        rows.push(
          Object.assign(new CodebaseResource(), {
            project_uuid: projectUuid,
            path: `${dir}/${name}`,
            parent_path: dir,
            name,
            extension: '.js',
            type: 'file',
            size: 1000 + i,
            status: i % 50 === 0 ? 'requires-review' : 'scanned',
            programming_language: 'JavaScript',
            mime_type: 'text/plain',
            file_type: 'JavaScript source, ASCII text',
            is_text: true,
            md5: hex(i, 32),
            sha1: hex(i, 40),
            sha256: hex(i, 64),
            sha512: hex(i, 128),
            sha1_git: hex(i + 1, 40),
            detected_license_expression: 'mit',
            detected_license_expression_spdx: 'MIT',
            license_detections: [{ license_expression: 'mit', license_expression_spdx: 'MIT', identifier: `mit-${hex(i, 8)}`, matches: [{ from_file: `${dir}/${name}`, start_line: 1, end_line: 3, matcher: '2-aho', score: 100, matched_length: 12, match_coverage: 100, rule_relevance: 100, rule_identifier: 'mit_30.RULE', license_expression: 'mit', license_expression_spdx: 'MIT' }] }],
            copyrights: [{ copyright: `Copyright (c) ${2000 + (i % 25)} Author ${i % 997}`, start_line: 1, end_line: 1 }],
            holders: [{ holder: `Author ${i % 997}`, start_line: 1, end_line: 1 }],
            urls: [{ url: `https://example.com/${i % 100}`, start_line: 4, end_line: 4 }],
          }),
        );
      }
      await insertRows(tx, CodebaseResource, rows, 500);
    }
    const packages: DiscoveredPackage[] = [];
    for (let p = 0; p < PACKAGES; p++) {
      packages.push(
        Object.assign(new DiscoveredPackage(), {
          uuid: randomUUID(),
          project_uuid: projectUuid,
          type: 'npm',
          namespace: p % 3 === 0 ? '@scope' : '',
          name: `pkg-${String(p).padStart(5, '0')}`,
          version: `1.${p % 10}.0`,
          package_uid: `pkg:npm/pkg-${p}@1.${p % 10}.0?uuid=${randomUUID()}`,
          declared_license_expression: p % 7 === 0 ? 'apache-2.0 OR mit' : 'mit',
          declared_license_expression_spdx: p % 7 === 0 ? 'Apache-2.0 OR MIT' : 'MIT',
          description: `Package ${p}\nwith a description over\nseveral lines`,
          homepage_url: `https://example.com/pkg-${p}`,
          sha1: hex(p, 40),
          datasource_ids: ['npm_package_json'],
          datafile_paths: [`packages/pkg-${String(p).padStart(5, '0')}/package.json`],
          parties: [{ type: 'person', role: 'author', name: `Author ${p % 997}` }],
        }),
      );
    }
    await insertRows(tx, DiscoveredPackage, packages, 500);
    const ids = await tx.getRepository(DiscoveredPackage).find({ where: { project_uuid: projectUuid }, select: { id: true, name: true }, order: { name: 'ASC' } });
    const resources = await tx.getRepository(CodebaseResource).find({ where: { project_uuid: projectUuid }, select: { id: true, path: true }, order: { path: 'ASC' } });
    const links: ResourcePackage[] = [];
    resources.forEach((resource, i) => {
      const pkg = ids[Math.floor(i / 10) % ids.length];
      if (pkg) {
        links.push(Object.assign(new ResourcePackage(), { resource_id: resource.id, package_id: pkg.id }));
      }
    });
    await insertRows(tx, ResourcePackage, links, 500);
    const dependencies = ids.slice(1).map((pkg, i) =>
      Object.assign(new DiscoveredDependency(), {
        uuid: randomUUID(),
        project_uuid: projectUuid,
        dependency_uid: `pkg:npm/${pkg.name}?uuid=${randomUUID()}`,
        type: 'npm',
        name: pkg.name,
        extracted_requirement: '^1.0.0',
        scope: 'dependencies',
        is_runtime: true,
        for_package_id: ids[i]!.id,
        resolved_to_package_id: pkg.id,
        datasource_id: 'npm_package_json',
      }),
    );
    await insertRows(tx, DiscoveredDependency, dependencies, 500);
  });
}

function hex(n: number, length: number): string {
  return n.toString(16).padStart(length, '0').slice(-length);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
