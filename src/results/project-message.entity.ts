import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CharColumn, DateTimeColumn, JsonColumn, TextColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

@Entity('project_message')
@Index('idx_message_project_created', ['project_uuid', 'created_date'])
@Index('idx_message_project_severity', ['project_uuid', 'severity'])
export class ProjectMessage {
  @PrimaryColumn({ type: 'varchar', length: UUID_LENGTH })
  uuid!: string;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @Column({ type: 'varchar', length: 10 })
  severity!: Severity;

  @TextColumn()
  description!: string;

  @CharColumn(100)
  model!: string;

  @JsonColumn({ default: '{}' })
  details!: Record<string, unknown>;

  @TextColumn()
  traceback!: string;

  @DateTimeColumn()
  created_date!: Date;
}
