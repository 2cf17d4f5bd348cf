import { randomUUID } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { FieldReader, isValidUrl, MESSAGES } from '../common/fields';
import { addressRefusal } from '../inputs/url-guard';
import { WebhookSubscription } from './webhook-subscription.entity';

/** A subscription as add_webhook, `webhooks` and `webhook_url` give it. */
export interface WebhookRequest {
  target_url: string;
  trigger_on_each_run: boolean;
  include_summary: boolean;
  include_results: boolean;
  is_active: boolean;
  secret: string | null;
}

/**
 * Read a subscription with ScanCode.io's fields and messages, plus an optional `secret`.
 * Targets must be http(s); an IP-literal target that may not be reached is refused now
 * (names are checked when a delivery connects).
 */
export function readWebhookRequest(reader: FieldReader, allowPrivate: boolean, urlField = 'target_url'): WebhookRequest | null {
  const target = reader.string(urlField, { required: true, max: 1024 });
  if (target !== undefined) {
    const problem = targetProblem(target, allowPrivate);
    if (problem) {
      reader.fail(urlField, problem);
    }
  }
  const secret = reader.string('secret', { max: 256 });
  const request: WebhookRequest = {
    target_url: target ?? '',
    trigger_on_each_run: reader.boolean('trigger_on_each_run', false),
    include_summary: reader.boolean('include_summary', false),
    include_results: reader.boolean('include_results', false),
    is_active: reader.boolean('is_active', true),
    secret: secret || null,
  };
  return reader.ok ? request : null;
}

/** Why a target URL cannot be used, or null. */
export function targetProblem(target: string, allowPrivate: boolean): string | null {
  if (!isValidUrl(target)) {
    return MESSAGES.invalidUrl;
  }
  const url = new URL(target);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'Webhook targets must be http:// or https:// URLs.';
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) {
    return addressRefusal(host, allowPrivate);
  }
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) {
    return addressRefusal('127.0.0.1', false);
  }
  return null;
}

export function newSubscription(projectUuid: string, request: WebhookRequest, created: Date): WebhookSubscription {
  return Object.assign(new WebhookSubscription(), { ...request, uuid: randomUUID(), project_uuid: projectUuid, created_date: created });
}
