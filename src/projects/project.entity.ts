import { Column, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import { CharColumn, DateTimeColumn, JsonColumn, TextColumn, UUID_LENGTH } from '../db/columns';
import { ProjectLabel } from './project-label.entity';

@Entity('project')
export class Project {
  @PrimaryColumn({ type: 'varchar', length: UUID_LENGTH })
  uuid!: string;

  @Index('idx_project_created_date')
  @DateTimeColumn()
  created_date!: Date;

  @Index('uq_project_name', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index('uq_project_slug', { unique: true })
  @Column({ type: 'varchar', length: 110 })
  slug!: string;

  @Column({ type: 'varchar', length: 2048 })
  work_directory!: string;

  @Index('idx_project_is_archived')
  @Column({ type: Boolean, default: false })
  is_archived!: boolean;

  @TextColumn()
  notes!: string;

  @JsonColumn({ default: '{}' })
  settings!: Record<string, unknown>;

  @CharColumn(2048)
  purl!: string;

  @Column({ type: 'integer', default: 0 })
  resource_count!: number;

  @Column({ type: 'integer', default: 0 })
  package_count!: number;

  @Column({ type: 'integer', default: 0 })
  dependency_count!: number;

  @Column({ type: 'integer', default: 0 })
  message_count!: number;

  @Column({ type: 'integer', default: 0 })
  relation_count!: number;

  @JsonColumn({ default: '{}' })
  extra_data!: Record<string, unknown>;

  @OneToMany(() => ProjectLabel, (label) => label.project)
  labels?: ProjectLabel[];
}
