import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThanOrEqual, type FindOptionsWhere } from 'typeorm';
import { insertRows } from '../db/sql';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

export interface DeliveryFilters {
  webhook?: string;
  run?: string;
}

/** Subscriptions and delivery attempts; pending attempts are claimed atomically. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insertSubscription(subscription: WebhookSubscription): Promise<void> {
    await insertRows(this.db.manager, WebhookSubscription, [subscription]);
  }

  /** A project's subscriptions, newest first (ScanCode.io's order). */
  async subscriptions(projectUuid: string): Promise<WebhookSubscription[]> {
    return this.db.getRepository(WebhookSubscription).find({ where: { project_uuid: projectUuid }, order: { created_date: 'DESC', uuid: 'DESC' } });
  }

  async subscription(uuid: string): Promise<WebhookSubscription | null> {
    return this.db.getRepository(WebhookSubscription).findOneBy({ uuid });
  }

  async insertDeliveries(deliveries: WebhookDelivery[]): Promise<void> {
    await insertRows(this.db.manager, WebhookDelivery, deliveries);
  }

  async delivery(uuid: string): Promise<WebhookDelivery | null> {
    return this.db.getRepository(WebhookDelivery).findOneBy({ uuid });
  }

  /** A page of a project's deliveries, newest first; payloads are not loaded. */
  async deliveries(projectUuid: string, filters: DeliveryFilters, page: { offset: number; limit: number }): Promise<WebhookDelivery[]> {
    return this.db.getRepository(WebhookDelivery).find({
      select: {
        uuid: true, project_uuid: true, webhook_subscription_uuid: true, run_uuid: true, target_url: true, created_date: true,
        scheduled_date: true, sent_date: true, attempt: true, response_status_code: true, response_text: true, delivery_error: true,
      },
      where: this.where(projectUuid, filters),
      order: { created_date: 'DESC', attempt: 'DESC', uuid: 'DESC' },
      skip: page.offset,
      take: page.limit,
    });
  }

  async countDeliveries(projectUuid: string, filters: DeliveryFilters): Promise<number> {
    return this.db.getRepository(WebhookDelivery).countBy(this.where(projectUuid, filters));
  }

  /** Pending attempts due by `until`, soonest first. */
  async due(until: Date, limit: number): Promise<{ uuid: string; scheduled_date: Date | null }[]> {
    return this.db.getRepository(WebhookDelivery).find({
      select: { uuid: true, scheduled_date: true },
      where: { sent_date: IsNull(), scheduled_date: LessThanOrEqual(until as never) },
      order: { scheduled_date: 'ASC' },
      take: limit,
    });
  }

  /** Attempts marked sent before `before` that never recorded an outcome: their sender died. */
  async interrupted(before: Date): Promise<WebhookDelivery[]> {
    return this.db.getRepository(WebhookDelivery).find({
      where: { sent_date: LessThanOrEqual(before as never), response_status_code: IsNull(), delivery_error: '' },
      take: 100,
    });
  }

  /** Take a pending attempt for sending; false when another process took it first. */
  async claim(uuid: string, now: Date): Promise<boolean> {
    const result = await this.db.getRepository(WebhookDelivery).update({ uuid, sent_date: IsNull() }, { sent_date: now });
    return (result.affected ?? 0) > 0;
  }

  async update(uuid: string, fields: Partial<Pick<WebhookDelivery, 'payload' | 'response_status_code' | 'response_text' | 'delivery_error' | 'sent_date'>>): Promise<void> {
    await this.db.getRepository(WebhookDelivery).update({ uuid }, fields as never);
  }

  private where(projectUuid: string, filters: DeliveryFilters): FindOptionsWhere<WebhookDelivery> {
    return {
      project_uuid: projectUuid,
      ...(filters.webhook ? { webhook_subscription_uuid: filters.webhook } : {}),
      ...(filters.run ? { run_uuid: filters.run } : {}),
    };
  }
}
