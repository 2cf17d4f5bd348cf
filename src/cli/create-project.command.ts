import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { PIPELINE_REGISTRY } from '../pipelines/registry.provider';
import type { PipelineRegistry } from '../pipelines';
import { ProjectsRepository } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { checkAsync, executeNextRun, withExecution } from './execute.command';
import { addProjectInputs, collect, parseInputFile, sayer, validateInputs, validatePipelines } from './project-inputs';

/** What create-project and batch-create take. */
export interface CreateProjectOptions {
  inputFile: string[];
  inputUrl: string[];
  copyCodebase?: string;
  pipeline: string[];
  label: string[];
  notes?: string;
  execute?: boolean;
  async?: boolean;
  globalWebhook: boolean;
  verbosity: string;
}

export function registerCreateProject(program: Command, config: () => Config): void {
  const command = program
    .command('create-project')
    .description('Create a project with inputs and pipelines; --execute runs the pipelines at once.')
    .argument('<name>', 'project name (unique)');
  addInputOptions(command);
  addCreateOptions(command)
    .option('--no-global-webhook', 'do not attach the global webhook (SCANLOOM_GLOBAL_WEBHOOK) to this project')
    .action(async (name: string, options: CreateProjectOptions) => {
      const cfg = config();
      process.exitCode = (await withExecution(cfg, (app) => createProject(app, cfg, name, options))) ? 0 : 1;
    });
}

/** --input-file, --input-url, --copy-codebase (create-project and add-input). */
export function addInputOptions(command: Command): Command {
  return command
    .option('--input-file <path[:tag]>', 'copy this file into input/ (repeatable); "path:tag" tags it', collect, [])
    .option('--input-url <url[#tag]>', 'download this URL into input/ when the first pipeline runs (repeatable); "url#tag" tags it', collect, [])
    .option('--copy-codebase <directory>', 'copy the content of this directory into codebase/');
}

/** --pipeline, --label, --notes, --execute, --async, --verbosity (create-project and batch-create). */
export function addCreateOptions(command: Command): Command {
  return command
    .option('--pipeline <name[:groups]>', 'add this pipeline (repeatable, run in the given order); "name:Group1,Group2" selects optional steps', collect, [])
    .option('--label <label>', 'label the project (repeatable)', collect, [])
    .option('--notes <text>', 'notes about the project')
    .option('--execute', 'execute the pipelines right after the creation')
    .option('--async', 'with --execute: queue the first run for the workers (needs REDIS_URL) instead of executing it here')
    .option('--verbosity <level>', '0 prints nothing', '1');
}

/**
 * ScanCode.io's create-project: check the name, pipelines, files and directory before
 * saving anything, then add the inputs and optionally execute. False when a run failed.
 */
export async function createProject(app: INestApplicationContext, config: Config, name: string, options: CreateProjectOptions): Promise<boolean> {
  if (options.execute && options.pipeline.length === 0) {
    throw new CommandError('The --execute option requires one or more pipelines.');
  }
  checkAsync(config, Boolean(options.execute && options.async));
  if (await app.get(ProjectsRepository).nameExists(name.trim())) {
    throw new CommandError(`Project with this name already exists: ${name}`);
  }
  validatePipelines(options.pipeline, app.get<PipelineRegistry>(PIPELINE_REGISTRY));
  const files = options.inputFile.map(parseInputFile);
  validateInputs(files, options.copyCodebase);

  const say = sayer(options.verbosity);
  const projects = app.get(ProjectsService);
  const body = { name, notes: options.notes ?? '', labels: options.label, pipeline: options.pipeline, input_urls: options.inputUrl };
  const record = await projects.create(body, [], { globalWebhook: options.globalWebhook });
  say(`Project ${record.project.name} created with work directory ${record.project.work_directory}`);
  const inputs = { files, urls: options.inputUrl, copyCodebase: options.copyCodebase };
  (await addProjectInputs(app, record, inputs, { urlsAdded: true })).forEach(say);
  if (!options.execute) {
    return true;
  }
  return executeNextRun(app, await projects.get(record.project.uuid), Boolean(options.async), Number(options.verbosity));
}
