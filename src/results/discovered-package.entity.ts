import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, CharColumn, JsonColumn, TextColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';

@Entity('discovered_package')
@Index('idx_package_purl', ['project_uuid', 'type', 'namespace', 'name', 'version'])
@Index('idx_package_uid', ['project_uuid', 'package_uid'])
@Index('idx_package_compliance', ['project_uuid', 'compliance_alert'])
export class DiscoveredPackage {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_package_uuid', { unique: true })
  @Column({ type: 'varchar', length: UUID_LENGTH })
  uuid!: string;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @CharColumn(16)
  type!: string;

  @CharColumn(255)
  namespace!: string;

  @CharColumn(255)
  name!: string;

  @CharColumn(100)
  version!: string;

  @CharColumn(1024)
  qualifiers!: string;

  @CharColumn(200)
  subpath!: string;

  @CharColumn(1024)
  package_uid!: string;

  @CharColumn(255)
  filename!: string;

  @CharColumn(50)
  primary_language!: string;

  @TextColumn()
  description!: string;

  @CharColumn(10)
  release_date!: string;

  @CharColumn(1024)
  homepage_url!: string;

  @CharColumn(2048)
  download_url!: string;

  @CharColumn(1024)
  bug_tracking_url!: string;

  @CharColumn(1024)
  code_view_url!: string;

  @CharColumn(1024)
  vcs_url!: string;

  @CharColumn(1024)
  repository_homepage_url!: string;

  @CharColumn(1024)
  repository_download_url!: string;

  @CharColumn(1024)
  api_data_url!: string;

  @BigIntColumn({ nullable: true })
  size!: number | null;

  @CharColumn(32)
  md5!: string;

  @CharColumn(40)
  sha1!: string;

  @CharColumn(64)
  sha256!: string;

  @CharColumn(128)
  sha512!: string;

  @TextColumn()
  copyright!: string;

  @TextColumn()
  holder!: string;

  @TextColumn()
  declared_license_expression!: string;

  @TextColumn()
  declared_license_expression_spdx!: string;

  @JsonColumn({ default: '[]' })
  license_detections!: unknown[];

  @TextColumn()
  other_license_expression!: string;

  @TextColumn()
  other_license_expression_spdx!: string;

  @JsonColumn({ default: '[]' })
  other_license_detections!: unknown[];

  @TextColumn()
  extracted_license_statement!: string;

  @TextColumn()
  notice_text!: string;

  @CharColumn(10)
  compliance_alert!: string;

  @JsonColumn({ default: '[]' })
  keywords!: string[];

  @JsonColumn({ default: '[]' })
  parties!: unknown[];

  @JsonColumn({ default: '[]' })
  source_packages!: string[];

  @JsonColumn({ default: '[]' })
  datasource_ids!: string[];

  @JsonColumn({ default: '[]' })
  datafile_paths!: string[];

  @JsonColumn({ default: '[]' })
  file_references!: unknown[];

  @JsonColumn({ default: '[]' })
  missing_resources!: string[];

  @JsonColumn({ default: '[]' })
  modified_resources!: string[];

  @JsonColumn({ default: '[]' })
  affected_by_vulnerabilities!: unknown[];

  @Column({ type: Boolean, default: false })
  is_private!: boolean;

  @Column({ type: Boolean, default: false })
  is_virtual!: boolean;

  @CharColumn(50)
  tag!: string;

  @TextColumn()
  notes!: string;

  @JsonColumn({ default: '{}' })
  extra_data!: Record<string, unknown>;
}
