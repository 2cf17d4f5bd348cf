import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { JsonColumn, UUID_LENGTH } from '../db/columns';
import type { Project } from '../projects/project.entity';
import type { CodebaseResource } from './codebase-resource.entity';

@Entity('codebase_relation')
@Index('uq_relation', ['from_resource_id', 'to_resource_id', 'map_type'], { unique: true })
@Index('idx_relation_to', ['to_resource_id'])
@Index('idx_relation_project_map_type', ['project_uuid', 'map_type'])
export class CodebaseRelation {
  @PrimaryColumn({ type: 'varchar', length: UUID_LENGTH })
  uuid!: string;

  @Column({ type: 'varchar', length: UUID_LENGTH })
  project_uuid!: string;

  @ManyToOne('Project', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_uuid' })
  project?: Project;

  @Column({ type: 'integer' })
  from_resource_id!: number;

  @ManyToOne('CodebaseResource', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_resource_id' })
  from_resource?: CodebaseResource;

  @Column({ type: 'integer' })
  to_resource_id!: number;

  @ManyToOne('CodebaseResource', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'to_resource_id' })
  to_resource?: CodebaseResource;

  @Column({ type: 'varchar', length: 30 })
  map_type!: string;

  @JsonColumn({ default: '{}' })
  extra_data!: Record<string, unknown>;
}
