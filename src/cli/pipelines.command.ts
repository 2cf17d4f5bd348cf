import type { Command } from 'commander';
import { loadPipelineRegistry } from '../pipelines';
import { availableGroups } from '../pipelines/runner';
import { ProjectsRepository } from '../projects/projects.repository';
import { runStatus } from '../runs/run-status';
import type { Config } from '../config/config';
import { withServices } from './context';
import { findProjectByName } from './projects';

export function registerPipelineCommands(program: Command, config: () => Config): void {
  program
    .command('list-pipelines')
    .description('List the available pipelines with their summary (--verbosity 2 adds steps and groups).')
    .option('--verbosity <level>', '2 lists the steps', '1')
    .action((options: { verbosity: string }) => {
      const registry = loadPipelineRegistry(config().pipelinesDirs);
      for (const pipeline of [...registry.values()].sort((a, b) => a.name.localeCompare(b.name))) {
        process.stdout.write(`- ${pipeline.name}\n  ${pipeline.summary}\n`);
        if (Number(options.verbosity) >= 2) {
          for (const step of pipeline.steps) {
            const groups = step.groups?.length ? ` {${step.groups.join(',')}}` : '';
            process.stdout.write(`   > ${step.name}${groups}\n`);
          }
          const groups = availableGroups(pipeline);
          if (groups.length) {
            process.stdout.write(`  Available groups: ${groups.join(', ')}\n`);
          }
        }
      }
    });

  program
    .command('show-pipeline')
    .description('Show the pipeline runs of a project with their status.')
    .requiredOption('--project <name>', 'project name')
    .action(async (options: { project: string }) => {
      await withServices(config(), async (app) => {
        const record = await findProjectByName(app.get(ProjectsRepository), options.project);
        for (const run of record.runs) {
          const groups = run.selected_groups?.length ? ` (${run.selected_groups.join(',')})` : '';
          process.stdout.write(` [${runStatus(run).toUpperCase()}] ${run.pipeline_name}${groups}\n`);
        }
      });
    });
}
