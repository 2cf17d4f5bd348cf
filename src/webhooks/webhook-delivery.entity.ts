import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn, TextColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';
import type { Run } from '../runs/run.entity';
import type { WebhookSubscription } from './webhook-subscription.entity';

/**
 * One attempt to deliver a webhook payload. Pending attempts are rows too, so retries and
 * their backoff survive a restart; an empty payload is built when the attempt is sent.
 */
@Entity('webhook_delivery')
@Index('idx_webhook_delivery_project', ['project_uuid', 'created_date'])
@Index('idx_webhook_delivery_subscription', ['webhook_subscription_uuid'])
@Index('idx_webhook_delivery_run', ['run_uuid'])
@Index('idx_webhook_delivery_pending', ['sent_date', 'scheduled_date'])
export class WebhookDelivery {
  @PrimaryColumn({ type: 'varchar', length: UUID_LENGTH })
  uuid!: string;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @Column({ type: 'varchar', length: UUID_LENGTH, nullable: true })
  webhook_subscription_uuid!: string | null;

  @ManyToOne('WebhookSubscription', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'webhook_subscription_uuid' })
  webhook_subscription?: WebhookSubscription | null;

  @Column({ type: 'varchar', length: UUID_LENGTH, nullable: true })
  run_uuid!: string | null;

  @ManyToOne('Run', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'run_uuid' })
  run?: Run | null;

  @Column({ type: 'varchar', length: 1024 })
  target_url!: string;

  @DateTimeColumn()
  created_date!: Date;

  /** When this attempt is due. An attempt without a sent_date is pending. */
  @DateTimeColumn({ nullable: true })
  scheduled_date!: Date | null;

  @DateTimeColumn({ nullable: true })
  sent_date!: Date | null;

  @Column({ type: 'integer', default: 1 })
  attempt!: number;

  @JsonColumn({ default: '{}' })
  payload!: Record<string, unknown>;

  @Column({ type: 'integer', nullable: true })
  response_status_code!: number | null;

  @TextColumn()
  response_text!: string;

  @TextColumn()
  delivery_error!: string;
}
