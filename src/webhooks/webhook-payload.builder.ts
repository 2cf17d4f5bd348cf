import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.provider';
import { OutputsService } from '../exporters/outputs.service';
import { latestSummary } from '../policies/compliance-pass';
import { ProjectsRepository } from '../projects/projects.repository';
import { toProjectDetailView } from '../projects/projects.views';
import { RunsRepository } from '../runs/runs.repository';
import { toRunView } from '../runs/runs.views';
import type { WebhookDelivery } from './webhook-delivery.entity';
import { genericPayload, isSlackTarget, slackPayload } from './webhook-payload';
import type { WebhookSubscription } from './webhook-subscription.entity';

/** Builds a delivery's payload when it is first sent, from the project and run as they are then. */
@Injectable()
export class WebhookPayloadBuilder {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly projects: ProjectsRepository,
    private readonly runs: RunsRepository,
    private readonly outputs: OutputsService,
  ) {}

  async build(delivery: WebhookDelivery, subscription: WebhookSubscription | null): Promise<Record<string, unknown>> {
    const record = await this.projects.findOne(delivery.project_uuid);
    const run = delivery.run_uuid ? await this.runs.findOne(delivery.run_uuid) : null;
    if (!record || !run) {
      throw new Error(record ? 'the run of this delivery was deleted.' : 'the project was deleted.');
    }
    const runView = toRunView(run, null);
    if (isSlackTarget(delivery.target_url)) {
      return slackPayload(record.project, runView, this.config.siteUrl);
    }
    // No request here: the project's URLs are relative, as in ScanCode.io's payloads.
    const project = toProjectDetailView(record, await this.projects.summaries(record.project.uuid), '');
    let summary: Record<string, unknown> | undefined;
    if (subscription?.include_summary) {
      const file = latestSummary(path.join(record.project.work_directory, 'output'));
      summary = file ? (JSON.parse(await fs.promises.readFile(file, 'utf8')) as Record<string, unknown>) : {};
    }
    let results: unknown;
    if (subscription?.include_results) {
      // As ScanCode.io does, the results file is written to output/ again for each delivery.
      const file = await this.outputs.write(record, 'json', '');
      results = JSON.parse(await fs.promises.readFile(file, 'utf8')) as unknown;
    }
    return genericPayload(project, runView, { summary, results });
  }
}
