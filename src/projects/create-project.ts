import { FieldReader, MESSAGES, type Body } from '../common/fields';
import { inputUrlProblem } from '../inputs/input-urls';
import { findPipeline, type PipelineRegistry } from '../pipelines';
import type { StepContext } from '../pipelines/context';
import type { Pipeline } from '../pipelines/pipeline';
import { parsePipelineSelection, type PipelineSelection } from '../pipelines/pipeline';
import { PolicyError, readPoliciesValue } from '../policies/policies';
import { hasSettingsPolicies } from '../policies/project-policies';
import { readWebhookRequest, targetProblem, type WebhookRequest } from '../webhooks/webhook-request';

export type { WebhookRequest };

export interface InputUrl {
  url: string;
  tag: string;
}

/** A validated create request, before the name's uniqueness is checked. */
export interface CreateProjectRequest {
  name: string;
  notes: string;
  purl: string;
  labels: string[];
  settings: Record<string, unknown>;
  extraData: Record<string, unknown>;
  uploadFileTag: string;
  inputUrls: InputUrl[];
  pipelines: (PipelineSelection & { pipeline: Pipeline<StepContext> })[];
  executeNow: boolean;
  webhooks: WebhookRequest[];
}

/** Read a create body (JSON, form or multipart) with ScanCode.io's field rules and messages. */
export function readCreateProject(
  body: Body,
  registry: PipelineRegistry,
  options: { allowPrivateUrls: boolean },
): { request?: CreateProjectRequest; errors: Record<string, unknown> } {
  const fields = new FieldReader(body);
  const name = fields.string('name', { required: true, max: 100 });
  const notes = fields.string('notes') ?? '';
  const purl = fields.string('purl', { max: 2048 }) ?? '';
  const labels = readLabels(fields);
  const settings = readSettings(fields);
  const extraData = fields.object('extra_data') ?? {};
  const uploadFileTag = fields.string('upload_file_tag', { max: 50 }) ?? '';
  const inputUrls = readInputUrls(fields, { allowString: true, allowPrivateUrls: options.allowPrivateUrls });
  const pipelines = readPipelines(fields, registry);
  const executeNow = fields.boolean('execute_now', false);
  const webhooks = readWebhooks(fields, options.allowPrivateUrls);

  if (!fields.ok || name === undefined) {
    return { errors: fields.errors };
  }
  return {
    request: { name, notes, purl, labels, settings, extraData, uploadFileTag, inputUrls, pipelines, executeNow, webhooks },
    errors: {},
  };
}

function readLabels(fields: FieldReader): string[] {
  const labels = fields.stringList('labels', { allowString: true, jsonString: true }) ?? [];
  const names = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
  for (const label of names) {
    if (label.length > 100) {
      fields.fail('labels', MESSAGES.maxLength(100));
      return [];
    }
  }
  return names;
}

/**
 * `input_urls`, split as ScanCode.io does; URLs that can never be fetched (other schemes,
 * `git@`, private IP literals without the setting) fail the field with a message each.
 */
export function readInputUrls(fields: FieldReader, options: { allowString: boolean; allowPrivateUrls: boolean }): InputUrl[] {
  const urls = splitInputUrls(fields.stringList('input_urls', { allowString: options.allowString }) ?? []);
  const problems = urls.map((input) => inputUrlProblem(input.url, options.allowPrivateUrls)).filter((p): p is string => p !== null);
  if (problems.length > 0) {
    fields.fail('input_urls', problems);
  }
  return urls;
}

/** Each element is split on whitespace; a `#fragment` becomes the input's tag. */
export function splitInputUrls(values: string[]): InputUrl[] {
  return values
    .flatMap((value) => value.split(/\s+/))
    .filter(Boolean)
    .map((url) => {
      const hash = url.indexOf('#');
      return { url, tag: hash >= 0 ? url.slice(hash + 1, hash + 51) : '' };
    });
}

function readPipelines(fields: FieldReader, registry: PipelineRegistry): CreateProjectRequest['pipelines'] {
  const values = fields.stringList('pipeline', { allowString: true }) ?? [];
  const selected: CreateProjectRequest['pipelines'] = [];
  for (const value of values.map((v) => v.trim()).filter(Boolean)) {
    const selection = parsePipelineSelection(value);
    const pipeline = findPipeline(selection.name, registry);
    if (!pipeline) {
      fields.fail('pipeline', MESSAGES.invalidChoice(value));
      continue;
    }
    selected.push({ ...selection, name: pipeline.name, pipeline });
  }
  return selected;
}

/** `settings`; its `policies` (YAML text or an object) must be valid policies. */
function readSettings(fields: FieldReader): Record<string, unknown> {
  const settings = fields.object('settings') ?? {};
  if (hasSettingsPolicies(settings)) {
    try {
      readPoliciesValue(settings.policies);
    } catch (error) {
      if (!(error instanceof PolicyError)) {
        throw error;
      }
      fields.fail('settings', { policies: [error.message] });
    }
  }
  return settings;
}

/** `webhook_url` (one subscription with defaults) and `webhooks` (a list of subscriptions). */
function readWebhooks(fields: FieldReader, allowPrivate: boolean): WebhookRequest[] {
  const webhooks: WebhookRequest[] = [];
  const url = fields.string('webhook_url');
  if (url) {
    const problem = targetProblem(url, allowPrivate);
    if (problem) {
      fields.fail('webhook_url', problem);
    } else {
      webhooks.push({ target_url: url, trigger_on_each_run: false, include_summary: false, include_results: false, is_active: true, secret: null });
    }
  }
  const items = fields.objectList('webhooks') ?? [];
  const itemErrors = items.map((item) => {
    const reader = new FieldReader(item);
    const webhook = readWebhookRequest(reader, allowPrivate);
    if (webhook) {
      webhooks.push(webhook);
    }
    return reader.errors;
  });
  if (itemErrors.some((e) => Object.keys(e).length > 0)) {
    fields.fail('webhooks', itemErrors);
  }
  return webhooks;
}
