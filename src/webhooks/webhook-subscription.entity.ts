import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';

@Entity('webhook_subscription')
@Index('idx_webhook_subscription_project', ['project_uuid', 'created_date'])
export class WebhookSubscription {
  @PrimaryColumn({ type: 'varchar', length: UUID_LENGTH })
  uuid!: string;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @Column({ type: 'varchar', length: 1024 })
  target_url!: string;

  @Column({ type: Boolean, default: false })
  trigger_on_each_run!: boolean;

  @Column({ type: Boolean, default: false })
  include_summary!: boolean;

  @Column({ type: Boolean, default: false })
  include_results!: boolean;

  @Column({ type: Boolean, default: true })
  is_active!: boolean;

  /** HMAC key for the X-Scanloom-Signature header; never serialized. */
  @Column({ type: 'varchar', length: 256, nullable: true })
  secret!: string | null;

  @DateTimeColumn()
  created_date!: Date;
}
