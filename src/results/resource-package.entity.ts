import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { CodebaseResource } from './codebase-resource.entity';
import type { DiscoveredPackage } from './discovered-package.entity';

/** The many-to-many link between resources and the packages they belong to (`for_packages`). */
@Entity('resource_package')
@Index('idx_resource_package_package', ['package_id'])
export class ResourcePackage {
  @PrimaryColumn({ type: 'integer' })
  resource_id!: number;

  @PrimaryColumn({ type: 'integer' })
  package_id!: number;

  @ManyToOne('CodebaseResource', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'resource_id' })
  resource?: CodebaseResource;

  @ManyToOne('DiscoveredPackage', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'package_id' })
  package?: DiscoveredPackage;
}
