import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CharColumn, DateTimeColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';

@Entity('input_source')
@Index('idx_input_source_project', ['project_uuid', 'created_date'])
export class InputSource {
  @PrimaryColumn({ type: 'varchar', length: UUID_LENGTH })
  uuid!: string;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @DateTimeColumn()
  created_date!: Date;

  @CharColumn(1024)
  download_url!: string;

  @CharColumn(255)
  filename!: string;

  @Column({ type: Boolean, default: false })
  is_uploaded!: boolean;

  @CharColumn(50)
  tag!: string;
}
