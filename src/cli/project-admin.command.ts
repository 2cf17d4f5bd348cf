import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../common/errors';
import type { Config } from '../config/config';
import { ProjectsRepository, type ProjectFilters } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { RunsRepository } from '../runs/runs.repository';
import { withServices } from './context';
import { devNull, waitForChain, withExecution } from './execute.command';
import { collect, sayer } from './project-inputs';
import { findProjectByName } from './projects';
import { confirm } from './prompt';

interface ProjectOptions {
  project: string;
  input: boolean;
  verbosity: string;
}

/** The prompt ScanCode.io shows before destroying data; false (and a message) when not confirmed. */
async function confirmed(options: { input: boolean; verbosity: string }, question: string, cancelled: string): Promise<boolean> {
  if (!options.input || (await confirm(`${question}\nAre you sure you want to do this?\nType 'yes' to continue, or 'no' to cancel: `))) {
    return true;
  }
  sayer(options.verbosity)(cancelled);
  return false;
}

export function registerProjectAdmin(program: Command, config: () => Config): void {
  program
    .command('archive-project')
    .description('Archive a project: it stays readable but takes no new inputs; optionally remove its input/, codebase/ or output/ folders.')
    .requiredOption('--project <name>', 'project name')
    .option('--remove-input', 'remove the input/ folder')
    .option('--remove-codebase', 'remove the codebase/ folder')
    .option('--remove-output', 'remove the output/ folder')
    .option('--no-input', 'do not ask for confirmation')
    .option('--verbosity <level>', '0 prints nothing', '1')
    .action(async (options: ProjectOptions & { removeInput?: boolean; removeCodebase?: boolean; removeOutput?: boolean }) => {
      await withServices(config(), async (app) => {
        const { project } = await findProjectByName(app.get(ProjectsRepository), options.project);
        if (!(await confirmed(options, `You have requested to archive the ${project.name} project.`, 'Archive cancelled.'))) {
          return;
        }
        await app.get(ProjectsService).archive(project.uuid, {
          removeInput: Boolean(options.removeInput),
          removeCodebase: Boolean(options.removeCodebase),
          removeOutput: Boolean(options.removeOutput),
        });
        sayer(options.verbosity)(`The ${project.name} project has been archived.`);
      });
    });

  program
    .command('reset-project')
    .description('Reset a project: delete its results, messages and runs and empty codebase/, output/ and tmp/ (input/ is kept).')
    .requiredOption('--project <name>', 'project name')
    .option('--remove-input', 'also remove the input/ folder and the input sources')
    .option('--remove-webhook', 'also remove the webhook subscriptions')
    .option('--restore-pipelines', 'add the same pipelines (with their groups) again')
    .option('--execute-now', 'with --restore-pipelines: start the first one')
    .option('--no-input', 'do not ask for confirmation')
    .option('--verbosity <level>', '0 prints nothing', '1')
    .action(async (options: ProjectOptions & { removeInput?: boolean; removeWebhook?: boolean; restorePipelines?: boolean; executeNow?: boolean }) => {
      const cfg = config();
      const ok = await withExecution(cfg, async (app) => {
        const { project } = await findProjectByName(app.get(ProjectsRepository), options.project);
        const question = `You have requested the reset of the ${project.name} project.\nThis will IRREVERSIBLY DESTROY all data, except inputs, related to that project.`;
        if (!(await confirmed(options, question, 'Reset cancelled.'))) {
          return true;
        }
        const executeNow = Boolean(options.restorePipelines && options.executeNow);
        await app.get(ProjectsService).reset(project.uuid, {
          keepInput: !options.removeInput,
          keepWebhook: !options.removeWebhook,
          restorePipelines: Boolean(options.restorePipelines),
          executeNow,
        });
        const say = sayer(options.verbosity);
        say(`The ${project.name} project has been reset.`);
        const [first] = await app.get(RunsRepository).forProject(project.uuid);
        if (!executeNow || !first) {
          return true;
        }
        if (cfg.redisUrl) {
          say(`${first.pipeline_name} added to the tasks queue for execution.`);
          return true;
        }
        // Without Redis this process executes the restored runs: wait for them.
        say(`Start the ${first.pipeline_name} pipeline execution...`);
        return waitForChain(app.get(RunsRepository), project.uuid, first.uuid, Number(options.verbosity) > 0 ? process.stdout : devNull(), project.name);
      });
      process.exitCode = ok ? 0 : 1;
    });

  program
    .command('delete-project')
    .description('Delete a project, its database rows and its work directory.')
    .requiredOption('--project <name>', 'project name')
    .option('--no-input', 'do not ask for confirmation')
    .option('--verbosity <level>', '0 prints nothing', '1')
    .action(async (options: ProjectOptions) => {
      await withServices(config(), async (app) => {
        const { project } = await findProjectByName(app.get(ProjectsRepository), options.project);
        const question = `You have requested the deletion of the ${project.name} project.\nThis will IRREVERSIBLY DESTROY all data related to that project.`;
        if (!(await confirmed(options, question, 'Deletion cancelled.'))) {
          return;
        }
        await app.get(ProjectsService).delete(project.uuid);
        sayer(options.verbosity)(`All the ${project.name} project data have been removed.`);
      });
    });

  program
    .command('flush-projects')
    .description('Delete the projects created more than --retain-days days ago (all of them by default), optionally only those with a label or a pipeline.')
    .option('--retain-days <days>', 'keep the projects created in the last N days (0: delete all)', parseDays, 0)
    .option('--label <label>', 'only projects with this label (repeatable)', collect, [])
    .option('--pipeline <name>', 'only projects with a run of this pipeline (repeatable)', collect, [])
    .option('--dry-run', 'list the projects that would be deleted, delete nothing')
    .option('--no-input', 'do not ask for confirmation')
    .option('--verbosity <level>', '0 prints nothing', '1')
    .action(async (options: { retainDays: number; label: string[]; pipeline: string[]; dryRun?: boolean; input: boolean; verbosity: string }) => {
      process.exitCode = (await flushProjects(config(), options)) ? 0 : 1;
    });
}

async function flushProjects(
  config: Config,
  options: { retainDays: number; label: string[]; pipeline: string[]; dryRun?: boolean; input: boolean; verbosity: string },
): Promise<boolean> {
  const say = sayer(options.verbosity);
  return withServices(config, async (app) => {
    const repository = app.get(ProjectsRepository);
    const filters: ProjectFilters = { labelNames: options.label, pipelineNames: options.pipeline };
    if (options.retainDays > 0) {
      filters.createdBefore = new Date(Date.now() - options.retainDays * 86_400_000);
    }
    const count = await repository.count(filters);
    if (count === 0) {
      say('No projects to delete.');
      return true;
    }
    const records = await repository.page(filters, { offset: 0, limit: count });
    if (options.dryRun) {
      process.stdout.write(`${count} projects would be deleted:\n${records.map((r) => `- ${r.project.name}\n`).join('')}`);
      return true;
    }
    const question = `You have requested the deletion of ${count} project${count === 1 ? '' : 's'}.\nThis will IRREVERSIBLY DESTROY all data related to those projects.`;
    if (!(await confirmed(options, question, 'Flush cancelled.'))) {
      return true;
    }
    let deleted = 0;
    let ok = true;
    for (const record of records) {
      try {
        await app.get(ProjectsService).delete(record.project.uuid);
        deleted++;
      } catch (error) {
        if (!(error instanceof AppError)) {
          throw error;
        }
        // A project with a run in progress stays; the others go, and the command fails.
        process.stderr.write(`${record.project.name}: ${error.message}\n`);
        ok = false;
      }
    }
    say(`${deleted} project${deleted === 1 ? '' : 's'} and ${deleted === 1 ? 'its' : 'their'} related data have been removed.`);
    return ok;
  });
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0) {
    throw new InvalidArgumentError('Must be a whole number of days.');
  }
  return days;
}
