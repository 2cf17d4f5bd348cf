import type { Command } from 'commander';
import type { Config } from '../config/config';
import type { PipelineRegistry } from '../pipelines';
import { PIPELINE_REGISTRY } from '../pipelines/registry.provider';
import { ProjectsRepository } from '../projects/projects.repository';
import { RunsService } from '../runs/runs.service';
import { withServices } from './context';
import { sayer, validatePipelines } from './project-inputs';
import { findProjectByName } from './projects';

export function registerAddPipeline(program: Command, config: () => Config): void {
  program
    .command('add-pipeline')
    .description('Add pipelines to a project, run in the given order by `execute` (nothing starts now).')
    .argument('<pipelines...>', 'pipeline names; "name:Group1,Group2" selects optional steps')
    .requiredOption('--project <name>', 'project name')
    .option('--verbosity <level>', '0 prints nothing', '1')
    .action(async (pipelines: string[], options: { project: string; verbosity: string }) => {
      await withServices(config(), async (app) => {
        const { project } = await findProjectByName(app.get(ProjectsRepository), options.project);
        // Every name is checked before any run is added.
        const names = validatePipelines(pipelines, app.get<PipelineRegistry>(PIPELINE_REGISTRY));
        const runs = app.get(RunsService);
        for (const pipeline of pipelines) {
          await runs.addPipeline(project.uuid, pipeline, false);
        }
        sayer(options.verbosity)(`Pipeline${names.length === 1 ? '' : 's'} ${names.join(', ')} added to the project`);
      });
    });
}
