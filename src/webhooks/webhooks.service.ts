import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, ValidationError } from '../common/errors';
import { FieldReader, type Body } from '../common/fields';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.provider';
import { QUEUE_ROLE, type QueueRole } from '../queue/queue.lifecycle';
import type { Run } from '../runs/run.entity';
import type { RunEndListener } from '../runs/runs.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher';
import { newSubscription, readWebhookRequest, type WebhookRequest } from './webhook-request';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhooksRepository, type DeliveryFilters } from './webhooks.repository';

/** Subscriptions, the deliveries a run end triggers (ScanCode.io's rules), listing and redelivery. */
@Injectable()
export class WebhooksService implements RunEndListener {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(QUEUE_ROLE) private readonly role: QueueRole,
    private readonly repository: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /** add_webhook: validate a body and subscribe. */
  async addFromBody(projectUuid: string, body: Body): Promise<WebhookSubscription> {
    const reader = new FieldReader(body);
    const request = readWebhookRequest(reader, this.config.allowPrivateUrls);
    if (!request) {
      throw new ValidationError(reader.errors);
    }
    return this.add(projectUuid, request);
  }

  async add(projectUuid: string, request: WebhookRequest): Promise<WebhookSubscription> {
    const subscription = newSubscription(projectUuid, request, new Date());
    await this.repository.insertSubscription(subscription);
    return subscription;
  }

  async subscriptions(projectUuid: string): Promise<WebhookSubscription[]> {
    return this.repository.subscriptions(projectUuid);
  }

  /**
   * After a run ended with success or failure: when the project still has a run to go,
   * only subscriptions that trigger on each run get a delivery; otherwise every active one.
   */
  async onRunEnded(run: Run, context: { hasNextRun: boolean }): Promise<void> {
    const subscriptions = (await this.repository.subscriptions(run.project_uuid)).filter(
      (s) => s.is_active && (s.trigger_on_each_run || !context.hasNextRun),
    );
    const now = new Date();
    const deliveries = subscriptions.map((subscription) => pendingDelivery(subscription, run.uuid, now));
    await this.repository.insertDeliveries(deliveries);
    if (this.role.executeRuns && !this.role.superviseRuns) {
      // A CLI process (execute, run) is about to exit: it sends the first attempts before it
      // does; retries, if any, are left to the server.
      await this.dispatcher.sendNow(deliveries);
    } else {
      this.dispatcher.schedule(deliveries);
    }
  }

  async deliveries(projectUuid: string, filters: DeliveryFilters, page: { offset: number; limit: number }): Promise<WebhookDelivery[]> {
    return this.repository.deliveries(projectUuid, filters, page);
  }

  async countDeliveries(projectUuid: string, filters: DeliveryFilters): Promise<number> {
    return this.repository.countDeliveries(projectUuid, filters);
  }

  async delivery(projectUuid: string, uuid: string): Promise<WebhookDelivery> {
    const delivery = await this.repository.delivery(uuid);
    if (!delivery || delivery.project_uuid !== projectUuid) {
      throw new NotFoundError('WebhookDelivery');
    }
    return delivery;
  }

  /**
   * Send a delivery's payload again, as a new first attempt with its own retries. A
   * delivery that never got to build its payload is built anew.
   */
  async redeliver(projectUuid: string, uuid: string): Promise<WebhookDelivery> {
    const original = await this.delivery(projectUuid, uuid);
    const subscription = original.webhook_subscription_uuid ? await this.repository.subscription(original.webhook_subscription_uuid) : null;
    const now = new Date();
    const delivery = Object.assign(pendingDelivery(subscription ?? { uuid: null, project_uuid: projectUuid, target_url: original.target_url }, original.run_uuid, now), {
      payload: original.payload,
    });
    await this.repository.insertDeliveries([delivery]);
    this.dispatcher.schedule([delivery]);
    return delivery;
  }
}

function pendingDelivery(
  subscription: { uuid: string | null; project_uuid: string; target_url: string },
  runUuid: string | null,
  now: Date,
): WebhookDelivery {
  return Object.assign(new WebhookDelivery(), {
    uuid: randomUUID(),
    project_uuid: subscription.project_uuid,
    webhook_subscription_uuid: subscription.uuid,
    run_uuid: runUuid,
    target_url: subscription.target_url,
    created_date: now,
    scheduled_date: now,
    sent_date: null,
    attempt: 1,
    payload: {},
    response_status_code: null,
    response_text: '',
    delivery_error: '',
  });
}
