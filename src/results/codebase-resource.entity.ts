import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, CharColumn, JsonColumn, TextColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';

export const RESOURCE_TYPES = ['file', 'directory', 'symlink'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * One file, directory or symlink of a project's codebase. Every filter and sort of the
 * resources API is led by `project_uuid`, so each index starts with it.
 */
@Entity('codebase_resource')
@Index('uq_resource_path', ['project_uuid', 'path'], { unique: true })
@Index('idx_resource_parent_path', ['project_uuid', 'parent_path'])
@Index('idx_resource_status', ['project_uuid', 'status'])
@Index('idx_resource_type', ['project_uuid', 'type'])
@Index('idx_resource_name', ['project_uuid', 'name'])
@Index('idx_resource_extension', ['project_uuid', 'extension'])
@Index('idx_resource_size', ['project_uuid', 'size'])
@Index('idx_resource_language', ['project_uuid', 'programming_language'])
@Index('idx_resource_mime_type', ['project_uuid', 'mime_type'])
// Of the checksums only sha1 is indexed, as in ScanCode.io: an index on a random key costs every
// inserted row a B-tree descent to a random page (md5 and sha256 doubled the cost of storing an
// inventory), and a filter on md5 or sha256 reads the project's rows through uq_resource_path.
@Index('idx_resource_sha1', ['project_uuid', 'sha1'])
@Index('idx_resource_compliance', ['project_uuid', 'compliance_alert'])
@Index('idx_resource_tag', ['project_uuid', 'tag'])
// `sort=size` orders on COALESCE(size, -1): an expression index, created by a migration.
@Index('idx_resource_size_sort', { synchronize: false })
export class CodebaseResource {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @Column({ type: 'varchar', length: 2000 })
  path!: string;

  @CharColumn(2000)
  rootfs_path!: string;

  @CharColumn(2000)
  parent_path!: string;

  @CharColumn(255)
  name!: string;

  @CharColumn(100)
  extension!: string;

  @Column({ type: 'varchar', length: 10 })
  type!: ResourceType;

  @BigIntColumn({ nullable: true })
  size!: number | null;

  @CharColumn(50)
  status!: string;

  @CharColumn(50)
  tag!: string;

  @CharColumn(50)
  programming_language!: string;

  @CharColumn(100)
  mime_type!: string;

  @CharColumn(1024)
  file_type!: string;

  @Column({ type: Boolean, default: false })
  is_binary!: boolean;

  @Column({ type: Boolean, default: false })
  is_text!: boolean;

  @Column({ type: Boolean, default: false })
  is_archive!: boolean;

  @Column({ type: Boolean, default: false })
  is_media!: boolean;

  /** ScanCode toolkit's file info flags; ScanCode.io's resource API does not show them. */
  @Column({ type: Boolean, default: false })
  is_source!: boolean;

  @Column({ type: Boolean, default: false })
  is_script!: boolean;

  @CharColumn(32)
  md5!: string;

  @CharColumn(40)
  sha1!: string;

  @CharColumn(64)
  sha256!: string;

  @CharColumn(128)
  sha512!: string;

  @CharColumn(40)
  sha1_git!: string;

  @TextColumn()
  detected_license_expression!: string;

  @TextColumn()
  detected_license_expression_spdx!: string;

  @JsonColumn({ default: '[]' })
  license_detections!: unknown[];

  @JsonColumn({ default: '[]' })
  license_clues!: unknown[];

  @Column({ type: 'float', nullable: true })
  percentage_of_license_text!: number | null;

  @JsonColumn({ default: '[]' })
  copyrights!: unknown[];

  @JsonColumn({ default: '[]' })
  holders!: unknown[];

  @JsonColumn({ default: '[]' })
  authors!: unknown[];

  @JsonColumn({ default: '[]' })
  emails!: unknown[];

  @JsonColumn({ default: '[]' })
  urls!: unknown[];

  @JsonColumn({ default: '[]' })
  package_data!: unknown[];

  @Column({ type: Boolean, default: false })
  is_legal!: boolean;

  @Column({ type: Boolean, default: false })
  is_manifest!: boolean;

  @Column({ type: Boolean, default: false })
  is_readme!: boolean;

  @Column({ type: Boolean, default: false })
  is_top_level!: boolean;

  @Column({ type: Boolean, default: false })
  is_key_file!: boolean;

  @CharColumn(10)
  compliance_alert!: string;

  @JsonColumn({ default: '{}' })
  extra_data!: Record<string, unknown>;
}
