import type { Command } from 'commander';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { ProjectsRepository } from '../projects/projects.repository';
import { canChangeInputs } from '../projects/projects.service';
import { withServices } from './context';
import { addInputOptions } from './create-project.command';
import { addProjectInputs, parseInputFile, sayer, validateInputs } from './project-inputs';
import { findProjectByName } from './projects';

interface AddInputOptions {
  project: string;
  inputFile: string[];
  inputUrl: string[];
  copyCodebase?: string;
  verbosity: string;
}

export function registerAddInput(program: Command, config: () => Config): void {
  const command = program
    .command('add-input')
    .description('Add input files, download URLs or a codebase directory to a project whose pipelines have not started.')
    .requiredOption('--project <name>', 'project name');
  addInputOptions(command)
    .option('--verbosity <level>', '0 prints nothing', '1')
    .action(async (options: AddInputOptions) => {
      await withServices(config(), async (app) => {
        const record = await findProjectByName(app.get(ProjectsRepository), options.project);
        if (!canChangeInputs(record)) {
          throw new CommandError('Cannot add inputs once a pipeline has started to execute on a project.');
        }
        if (options.inputFile.length === 0 && options.inputUrl.length === 0 && options.copyCodebase === undefined) {
          throw new CommandError('Provide inputs with the --input-file, --input-url, or --copy-codebase');
        }
        const files = options.inputFile.map(parseInputFile);
        validateInputs(files, options.copyCodebase);
        const lines = await addProjectInputs(app, record, { files, urls: options.inputUrl, copyCodebase: options.copyCodebase });
        lines.forEach(sayer(options.verbosity));
      });
    });
}
