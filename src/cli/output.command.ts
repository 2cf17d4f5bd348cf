import type { Command } from 'commander';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { OUTPUT_FORMATS, resolveFormat, splitFormatVersion, type OutputFormat } from '../exporters';
import { OutputsService } from '../exporters/outputs.service';
import { ProjectsRepository } from '../projects/projects.repository';
import { withServices } from './context';
import { findProjectByName } from './projects';

/** `scanloom output --project NAME --format json xlsx spdx:2.2 …`: ScanCode.io's `output` command. */
export function registerOutput(program: Command, config: () => Config): void {
  program
    .command('output')
    .description("Write the project's results to its output/ folder (and print the file paths), or print one format with --print.")
    .requiredOption('--project <name>', 'project name')
    .option('--format <formats...>', `${OUTPUT_FORMATS.join(', ')}; spdx:VERSION and cyclonedx:VERSION choose a spec version`, ['json'])
    .option('--print', 'print the output to stdout instead of writing a file')
    .action(async (options: { project: string; format: string[]; print?: boolean }) => {
      const formats = options.format.map((value) => {
        const { format, version } = splitFormatVersion(value);
        try {
          return resolveFormat(format, version, OUTPUT_FORMATS) as { format: OutputFormat; version: string };
        } catch {
          throw new CommandError(`argument --format: invalid choice: '${value}' (choose from ${OUTPUT_FORMATS.join(', ')}; versions: spdx 2.3, 2.2; cyclonedx 1.6, 1.5, 1.4)`);
        }
      });
      if (options.print && formats.length > 1) {
        throw new CommandError('--print cannot be used when multiple formats are provided.');
      }
      if (options.print && formats.some((f) => f.format === 'xlsx')) {
        throw new CommandError('--print is not compatible with the xlsx format.');
      }
      await withServices(config(), async (app) => {
        const record = await findProjectByName(app.get(ProjectsRepository), options.project);
        const outputs = app.get(OutputsService);
        for (const { format, version } of formats) {
          if (options.print) {
            await outputs.stream(record, format, version, process.stdout);
          } else {
            process.stdout.write(`${await outputs.write(record, format, version)}\n`);
          }
        }
      });
    });
}
