import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UUID_LENGTH } from '../db/columns';
import type { Project } from './project.entity';

/** Labels are tags: a name and its slug; the list filter matches on the slug. */
@Entity('project_label')
@Index('uq_project_label', ['project_uuid', 'slug'], { unique: true })
export class ProjectLabel {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', 'labels', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index('idx_project_label_slug')
  @Column({ type: 'varchar', length: 100 })
  slug!: string;
}
