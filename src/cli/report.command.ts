import * as fs from 'node:fs';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { outputFileName } from '../exporters';
import { OutputsService } from '../exporters/outputs.service';
import { REPORT_MODELS, type ReportModel } from '../exporters/xlsx';
import { ProjectsRepository, type ProjectFilters } from '../projects/projects.repository';
import { formatDuration } from '../pipelines/runner';
import { withServices } from './context';
import { collect, sayer } from './project-inputs';

interface ReportOptions {
  model: ReportModel;
  search?: string;
  label: string[];
  outputDirectory?: string;
  verbosity: string;
}

export function registerReport(program: Command, config: () => Config): void {
  program
    .command('report')
    .description('Write one XLSX report of a model (packages, resources, …) across the projects selected by --label or --search.')
    .addOption(new Option('--model <model>', 'what the report lists').choices(REPORT_MODELS).makeOptionMandatory())
    .option('--search <text>', 'projects whose name contains this text (case-insensitive)')
    .option('--label <label>', 'projects with this label (repeatable)', collect, [])
    .option('--output-directory <directory>', 'where to write the report (default: the current directory)')
    .option('--verbosity <level>', '0 prints nothing', '1')
    .action(async (options: ReportOptions) => {
      await writeReport(config(), options);
    });
}

async function writeReport(config: Config, options: ReportOptions): Promise<void> {
  const started = performance.now();
  if (options.label.length === 0 && !options.search) {
    throw new CommandError('You must provide either --label or --search to select projects.');
  }
  const directory = path.resolve(options.outputDirectory ?? '.');
  if (!fs.statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CommandError(`${options.outputDirectory} is not a directory`);
  }
  const say = sayer(options.verbosity);
  await withServices(config, async (app) => {
    const filters: ProjectFilters = { labelNames: options.label, nameSearch: options.search };
    const count = await app.get(ProjectsRepository).count(filters);
    if (count === 0) {
      throw new CommandError('No projects found for the provided criteria.');
    }
    say(`${count} project(s) will be included in the report.`);
    const file = path.join(directory, outputFileName('scancodeio-report', 'xlsx'));
    const out = fs.createWriteStream(file);
    try {
      await app.get(OutputsService).report(filters, options.model, out);
      out.end();
      await finished(out);
    } catch (error) {
      out.destroy();
      await fs.promises.rm(file, { force: true });
      throw error;
    }
    say(`Report generated at ${file} in ${formatDuration((performance.now() - started) / 1000)}.`);
  });
}
