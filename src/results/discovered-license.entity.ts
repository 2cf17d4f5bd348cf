import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CharColumn, JsonColumn, TextColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';

/** A unique license detection of a project, with the file regions where it was found. */
@Entity('discovered_license')
@Index('uq_license_identifier', ['project_uuid', 'identifier'], { unique: true })
export class DiscoveredLicense {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @CharColumn(1024)
  identifier!: string;

  @TextColumn()
  license_expression!: string;

  @TextColumn()
  license_expression_spdx!: string;

  @JsonColumn({ default: '[]' })
  matches!: unknown[];

  @JsonColumn({ default: '[]' })
  detection_log!: unknown[];

  @Column({ type: Boolean, default: false })
  from_package!: boolean;

  @Column({ type: Boolean, default: false })
  is_license_clue!: boolean;

  @Column({ type: 'integer', default: 0 })
  detection_count!: number;

  @JsonColumn({ default: '[]' })
  file_regions!: unknown[];

  @Column({ type: Boolean, default: false })
  needs_review!: boolean;

  @JsonColumn({ default: '[]' })
  review_comments!: unknown[];

  @CharColumn(10)
  compliance_alert!: string;
}
