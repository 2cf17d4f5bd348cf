import { formatDate } from '../common/dates';
import { isSuccess } from './deliver-webhook.task';
import type { WebhookDelivery } from './webhook-delivery.entity';
import type { WebhookSubscription } from './webhook-subscription.entity';

export type DeliveryStatus = 'pending' | 'sending' | 'succeeded' | 'failed';

/** A subscription; its secret is never shown, only whether it has one. */
export function toSubscriptionView(s: WebhookSubscription) {
  return {
    uuid: s.uuid,
    target_url: s.target_url,
    trigger_on_each_run: s.trigger_on_each_run,
    include_summary: s.include_summary,
    include_results: s.include_results,
    is_active: s.is_active,
    has_secret: Boolean(s.secret),
    created_date: formatDate(s.created_date),
  };
}

export function deliveryStatus(d: WebhookDelivery): DeliveryStatus {
  if (!d.sent_date) {
    return 'pending';
  }
  if (d.response_status_code === null && !d.delivery_error) {
    return 'sending';
  }
  return isSuccess(d.response_status_code) ? 'succeeded' : 'failed';
}

/** One attempt; `payload` only in the detail view. */
export function toDeliveryView(d: WebhookDelivery, base: string, withPayload = false) {
  return {
    uuid: d.uuid,
    url: `${base}/api/projects/${d.project_uuid}/webhook_deliveries/${d.uuid}/`,
    webhook: d.webhook_subscription_uuid,
    run: d.run_uuid,
    target_url: d.target_url,
    attempt: d.attempt,
    status: deliveryStatus(d),
    created_date: formatDate(d.created_date),
    scheduled_date: formatDate(d.scheduled_date),
    sent_date: formatDate(d.sent_date),
    response_status_code: d.response_status_code,
    response_text: d.response_text,
    delivery_error: d.delivery_error,
    delivered: d.response_status_code !== null,
    success: isSuccess(d.response_status_code),
    ...(withPayload ? { payload: d.payload } : {}),
  };
}
