import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CharColumn, JsonColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';
import type { CodebaseResource } from './codebase-resource.entity';
import type { DiscoveredPackage } from './discovered-package.entity';

@Entity('discovered_dependency')
@Index('idx_dependency_uid', ['project_uuid', 'dependency_uid'])
@Index('idx_dependency_purl', ['project_uuid', 'type', 'namespace', 'name', 'version'])
@Index('idx_dependency_for_package', ['for_package_id'])
@Index('idx_dependency_resolved_to', ['resolved_to_package_id'])
@Index('idx_dependency_datafile', ['datafile_resource_id'])
export class DiscoveredDependency {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_dependency_uuid', { unique: true })
  @Column({ type: 'varchar', length: UUID_LENGTH })
  uuid!: string;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @CharColumn(1024)
  dependency_uid!: string;

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

  @Column({ type: 'integer', nullable: true })
  for_package_id!: number | null;

  @ManyToOne('DiscoveredPackage', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'for_package_id' })
  for_package?: DiscoveredPackage | null;

  @Column({ type: 'integer', nullable: true })
  resolved_to_package_id!: number | null;

  @ManyToOne('DiscoveredPackage', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'resolved_to_package_id' })
  resolved_to_package?: DiscoveredPackage | null;

  @Column({ type: 'integer', nullable: true })
  datafile_resource_id!: number | null;

  @ManyToOne('CodebaseResource', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'datafile_resource_id' })
  datafile_resource?: CodebaseResource | null;

  @CharColumn(256)
  extracted_requirement!: string;

  @CharColumn(64)
  scope!: string;

  @CharColumn(64)
  datasource_id!: string;

  @Column({ type: Boolean, default: false })
  is_runtime!: boolean;

  @Column({ type: Boolean, default: false })
  is_optional!: boolean;

  @Column({ type: Boolean, default: false })
  is_pinned!: boolean;

  @Column({ type: Boolean, default: false })
  is_direct!: boolean;

  @JsonColumn({ default: '[]' })
  affected_by_vulnerabilities!: unknown[];
}
