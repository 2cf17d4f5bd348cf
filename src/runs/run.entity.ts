import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CharColumn, DateTimeColumn, JsonColumn, TextColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';

@Entity('run')
@Index('idx_run_project_created', ['project_uuid', 'created_date'])
export class Run {
  @PrimaryColumn({ type: 'varchar', length: UUID_LENGTH })
  uuid!: string;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @Column({ type: 'varchar', length: 256 })
  pipeline_name!: string;

  @DateTimeColumn()
  created_date!: Date;

  @CharColumn(100)
  scancodeio_version!: string;

  @TextColumn()
  description!: string;

  @CharColumn(256)
  current_step!: string;

  @JsonColumn({ nullable: true })
  selected_groups!: string[] | null;

  @JsonColumn({ nullable: true })
  selected_steps!: string[] | null;

  @Index('idx_run_task_id')
  @Column({ type: 'varchar', length: UUID_LENGTH, nullable: true })
  task_id!: string | null;

  @DateTimeColumn({ nullable: true })
  task_start_date!: Date | null;

  @DateTimeColumn({ nullable: true })
  task_end_date!: Date | null;

  @Column({ type: 'integer', nullable: true })
  task_exitcode!: number | null;

  @TextColumn()
  task_output!: string;

  @TextColumn()
  log!: string;

  /** Items processed and total of the current step, when the step knows them. */
  @Column({ type: 'integer', nullable: true })
  progress_processed!: number | null;

  @Column({ type: 'integer', nullable: true })
  progress_total!: number | null;

  /** `[{"step": name, "seconds": n}]` for each completed step. */
  @JsonColumn({ default: '[]' })
  step_timings!: { step: string; seconds: number }[];
}
