import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.provider';
import { QUEUE_ROLE, type QueueRole } from '../queue/queue.lifecycle';
import { isRetryable, sendWebhook, type SendOutcome } from './deliver-webhook.task';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookPayloadBuilder } from './webhook-payload.builder';
import { WebhooksRepository } from './webhooks.repository';

/** How often the database is read for due attempts (created elsewhere, or retries further out). */
const SWEEP_MS = 5000;
/** Attempts sent at the same time by one process. */
const MAX_IN_FLIGHT = 8;
/** Past its timeout plus this margin, an attempt with no outcome was lost with its process. */
const INTERRUPTED_MARGIN_MS = 10 * 60 * 1000;

/**
 * Sends webhook deliveries outside runs, in the processes that execute runs (the server
 * with the local queue, workers with Redis). Pending attempts are database rows: a timer
 * per attempt due soon, a sweep for the rest, and an atomic claim so that one process
 * sends each attempt even when several sweep. Failed attempts that may succeed later get
 * a new pending row after the configured backoff, so a restart loses none.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('webhooks');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private sweeper: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(QUEUE_ROLE) private readonly role: QueueRole,
    private readonly repository: WebhooksRepository,
    private readonly payloads: WebhookPayloadBuilder,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.role.executeRuns) {
      return; // an API-only process: the workers send
    }
    this.running = true;
    this.sweep();
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  /** Before the database closes: stop timers and let attempts in flight record their outcome. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.sweeper) {
      clearInterval(this.sweeper);
    }
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    await Promise.all([...this.inFlight]);
  }

  /** Queue new pending attempts: sent from here when due soon, by a later sweep otherwise. */
  schedule(deliveries: readonly Pick<WebhookDelivery, 'uuid' | 'scheduled_date'>[]): void {
    for (const delivery of deliveries) {
      this.arm(delivery.uuid, delivery.scheduled_date);
    }
  }

  /** Send pending attempts now and wait for their outcome. */
  async sendNow(deliveries: readonly Pick<WebhookDelivery, 'uuid'>[]): Promise<void> {
    const work = Promise.all(deliveries.map((d) => this.attempt(d.uuid))).then(() => undefined);
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  /** Number of attempts waiting on a timer or being sent (for tests and shutdown). */
  get activeCount(): number {
    return this.timers.size + this.inFlight.size;
  }

  private arm(uuid: string, scheduled: Date | null): void {
    if (!this.running || this.timers.has(uuid)) {
      return;
    }
    const wait = Math.max(0, (scheduled?.getTime() ?? 0) - Date.now());
    if (wait > SWEEP_MS) {
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(uuid);
      if (this.inFlight.size >= MAX_IN_FLIGHT) {
        this.arm(uuid, new Date(Date.now() + 200));
        return;
      }
      const work = this.attempt(uuid)
        .catch((error: unknown) => this.logger.error(`Webhook delivery ${uuid} failed: ${error instanceof Error ? error.stack : String(error)}`))
        .finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    }, wait);
    this.timers.set(uuid, timer);
  }

  private sweep(): void {
    void (async () => {
      await this.recoverInterrupted();
      for (const due of await this.repository.due(new Date(Date.now() + SWEEP_MS), 200)) {
        this.arm(due.uuid, due.scheduled_date);
      }
    })().catch((error: unknown) => this.logger.error(`Webhook sweep failed: ${String(error)}`));
  }

  /** Attempts whose process died while sending: recorded as failed, and retried. */
  private async recoverInterrupted(): Promise<void> {
    const before = new Date(Date.now() - this.config.webhookTimeoutSeconds * 1000 - INTERRUPTED_MARGIN_MS);
    for (const delivery of await this.repository.interrupted(before)) {
      const outcome: SendOutcome = { error: 'The process sending this delivery stopped before it had an answer.', retryable: true };
      await this.repository.update(delivery.uuid, { delivery_error: outcome.error });
      await this.retryIfDue(delivery, outcome);
    }
  }

  /** Send one pending attempt, if this process is the one that claims it. */
  private async attempt(uuid: string): Promise<void> {
    if (!(await this.repository.claim(uuid, new Date()))) {
      return;
    }
    const delivery = await this.repository.delivery(uuid);
    if (!delivery) {
      return;
    }
    const subscription = delivery.webhook_subscription_uuid ? await this.repository.subscription(delivery.webhook_subscription_uuid) : null;
    if (subscription && !subscription.is_active) {
      await this.repository.update(uuid, { delivery_error: 'The webhook is not active.' });
      return;
    }
    let body: string;
    try {
      const payload = Object.keys(delivery.payload).length > 0 ? delivery.payload : await this.payloads.build(delivery, subscription);
      body = JSON.stringify(payload);
      await this.repository.update(uuid, { payload, sent_date: new Date() });
    } catch (error) {
      await this.repository.update(uuid, { delivery_error: `Could not build the payload: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const outcome = await sendWebhook(delivery.target_url, body, {
      timeoutSeconds: this.config.webhookTimeoutSeconds,
      allowPrivate: this.config.allowPrivateUrls,
      secret: subscription?.secret ?? null,
      deliveryUuid: uuid,
      userAgent: `Scanloom/${this.config.version}`,
    });
    if ('error' in outcome) {
      await this.repository.update(uuid, { delivery_error: outcome.error });
      this.logger.warn(`Webhook delivery ${uuid} to ${delivery.target_url} failed: ${outcome.error}`);
    } else {
      await this.repository.update(uuid, { response_status_code: outcome.statusCode, response_text: outcome.responseText });
    }
    await this.retryIfDue({ ...delivery, payload: JSON.parse(body) as Record<string, unknown> }, outcome);
  }

  /** A new pending attempt after the backoff delay, while retries remain and the outcome calls for one. */
  private async retryIfDue(delivery: WebhookDelivery, outcome: SendOutcome): Promise<void> {
    const delays = this.config.webhookRetryDelays;
    if (!isRetryable(outcome) || delivery.attempt > delays.length) {
      return;
    }
    const retryAfter = 'statusCode' in outcome ? (outcome.retryAfterSeconds ?? 0) : 0;
    const delaySeconds = Math.max(delays[delivery.attempt - 1] ?? 0, retryAfter);
    const now = new Date();
    const next = Object.assign(new WebhookDelivery(), {
      uuid: randomUUID(),
      project_uuid: delivery.project_uuid,
      webhook_subscription_uuid: delivery.webhook_subscription_uuid,
      run_uuid: delivery.run_uuid,
      target_url: delivery.target_url,
      created_date: now,
      scheduled_date: new Date(now.getTime() + delaySeconds * 1000),
      sent_date: null,
      attempt: delivery.attempt + 1,
      payload: delivery.payload,
      response_status_code: null,
      response_text: '',
      delivery_error: '',
    });
    await this.repository.insertDeliveries([next]);
    this.arm(next.uuid, next.scheduled_date);
  }
}
