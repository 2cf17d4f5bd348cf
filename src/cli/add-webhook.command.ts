import type { Command } from 'commander';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { ProjectsRepository } from '../projects/projects.repository';
import { targetProblem } from '../webhooks/webhook-request';
import { WebhooksService } from '../webhooks/webhooks.service';
import { withServices } from './context';
import { findProjectByName } from './projects';

interface AddWebhookOptions {
  project: string;
  triggerOnEachRun?: boolean;
  includeSummary?: boolean;
  includeResults?: boolean;
  inactive?: boolean;
  secret?: string;
  verbosity: string;
}

export function registerAddWebhook(program: Command, config: () => Config): void {
  program
    .command('add-webhook')
    .description('Add a webhook subscription to a project.')
    .argument('<target_url>', 'the URL that receives a POST after runs')
    .requiredOption('--project <name>', 'project name')
    .option('--trigger-on-each-run', 'deliver after each run, not only after the last one')
    .option('--include-summary', 'include the summary in the payload')
    .option('--include-results', 'include the results in the payload')
    .option('--inactive', 'create the webhook but set it as inactive')
    .option('--secret <secret>', 'sign each delivery: X-Scanloom-Signature: sha256=<HMAC of the body>')
    .option('--verbosity <level>', '0 prints nothing', '1')
    .action(async (targetUrl: string, options: AddWebhookOptions) => {
      const cfg = config();
      const problem = targetProblem(targetUrl, cfg.allowPrivateUrls);
      if (problem) {
        throw new CommandError(problem === 'Enter a valid URL.' ? `Invalid URL: ${targetUrl}` : `${targetUrl}: ${problem}`);
      }
      await withServices(cfg, async (app) => {
        const { project } = await findProjectByName(app.get(ProjectsRepository), options.project);
        await app.get(WebhooksService).add(project.uuid, {
          target_url: targetUrl,
          trigger_on_each_run: Boolean(options.triggerOnEachRun),
          include_summary: Boolean(options.includeSummary),
          include_results: Boolean(options.includeResults),
          is_active: !options.inactive,
          secret: options.secret || null,
        });
        if (Number(options.verbosity) > 0) {
          process.stdout.write(`Webhook successfully added to project '${project.name}' (${options.inactive ? 'inactive' : 'active'}).\n`);
        }
      });
    });
}
