import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/config';
import { ProjectsRepository, type ProjectRecord } from '../projects/projects.repository';
import { listFolder } from '../projects/workspace';
import { executionTime, runStatus } from '../runs/run-status';
import { withServices } from './context';
import { findProjectByName } from './projects';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function registerStatusCommands(program: Command, config: () => Config): void {
  program
    .command('status')
    .description("Show a project: work directory, database counts, inputs, and each run's status and log.")
    .requiredOption('--project <name>', 'project name')
    .option('--verbosity <level>', '0 leaves out the counts, inputs and runs', '1')
    .action(async (options: { project: string; verbosity: string }) => {
      await withServices(config(), async (app) => {
        const projects = app.get(ProjectsRepository);
        const record = await findProjectByName(projects, options.project);
        // status is more verbose than list-project by default, as in ScanCode.io.
        write(await describeProject(projects, record, Number(options.verbosity) + 2));
      });
    });

  program
    .command('list-project')
    .description('List the projects, newest first (archived ones only with --include-archived).')
    .option('--search <text>', 'only projects whose name or a label contains this text (case-insensitive)')
    .option('--include-archived', 'include archived projects')
    .option('--verbosity <level>', '2 adds dates and work directories, 3 counts, inputs and runs', '1')
    .action(async (options: { search?: string; includeArchived?: boolean; verbosity: string }) => {
      await withServices(config(), async (app) => {
        const projects = app.get(ProjectsRepository);
        const filters = { search: options.search, isArchived: options.includeArchived ? undefined : false };
        const count = await projects.count(filters);
        const records = count > 0 ? await projects.page(filters, { offset: 0, limit: count }) : [];
        const verbosity = Number(options.verbosity);
        for (const [index, record] of records.entries()) {
          write(await describeProject(projects, record, verbosity));
          if (index < records.length - 1 && verbosity > 1) {
            process.stdout.write(`\n${'-'.repeat(50)}\n\n\n`);
          }
        }
      });
    });
}

/** ScanCode.io's project status lines: more of them as the verbosity grows. */
async function describeProject(projects: ProjectsRepository, record: ProjectRecord, verbosity: number): Promise<string[]> {
  const { project } = record;
  const lines = [project.is_archived ? `${project.name} [archived]` : project.name];
  if (verbosity >= 2) {
    lines.push(`Create date: ${formatCreateDate(project.created_date)}`, `Work directory: ${project.work_directory}`);
  }
  if (verbosity < 3) {
    return lines;
  }
  const summaries = await projects.summaries(project.uuid);
  const counts = await projects.counts(project.uuid);
  const byStatus = Object.entries(summaries.codebase_resources_summary);
  lines.push('\nDatabase:', ` - CodebaseResource: ${byStatus.reduce((sum, [, n]) => sum + n, 0)}`);
  lines.push(...byStatus.map(([status, n]) => `   - ${status || '(no status)'}: ${n}`));
  lines.push(` - DiscoveredPackage: ${counts.packages}`, ` - ProjectMessage: ${counts.messages}`);
  const inputs = inputLines(record);
  if (inputs.length > 0) {
    lines.push('\nInputs:', ...inputs);
  }
  if (record.runs.length > 0) {
    lines.push('\nPipelines:');
    for (const run of record.runs) {
      const seconds = executionTime(run);
      lines.push(` [${runStatus(run).toUpperCase()}] ${run.pipeline_name}${seconds ? ` (executed in ${seconds} seconds)` : ''}`);
      if (run.log) {
        lines.push(...run.log.replace(/\n+$/, '').split('\n').map((line) => `   ${line}`));
      }
    }
  }
  return lines;
}

/** Input sources and files found in input/ without one, by file name; missing files are flagged. */
function inputLines(record: ProjectRecord): string[] {
  const inputDir = path.join(record.project.work_directory, 'input');
  const known = new Set(record.inputs.map((input) => input.filename));
  const entries = [
    ...record.inputs.map((input) => ({
      filename: input.filename,
      source: input.is_uploaded ? '[source=uploaded]' : `[download_url=${input.download_url}]`,
      exists: input.filename !== '' && fs.existsSync(path.join(inputDir, input.filename)),
    })),
    ...listFolder(inputDir)
      .filter((name) => !known.has(name))
      .map((filename) => ({ filename, source: '[source=unknown]', exists: true })),
  ];
  return entries
    .sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0))
    .map((entry) => ` - ${entry.filename} ${entry.source}${entry.exists ? '' : ' NOT ON DISK'}`);
}

/** `Jul 01 2026 08:00` (UTC), as ScanCode.io prints creation dates. */
function formatCreateDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

function write(lines: string[]): void {
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
}
