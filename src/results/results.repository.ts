import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { dialectOf, type Dialect } from '../db/sql';
import { CodebaseResource } from './codebase-resource.entity';
import { DiscoveredDependency } from './discovered-dependency.entity';
import { DiscoveredPackage } from './discovered-package.entity';
import { ProjectMessage } from './project-message.entity';
import { ResourcePackage } from './resource-package.entity';

/** Read queries behind the nested lists of a project. */
@Injectable()
export class ResultsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get dialect(): Dialect {
    return dialectOf(this.db);
  }

  resources(projectUuid: string): SelectQueryBuilder<CodebaseResource> {
    return this.db.getRepository(CodebaseResource).createQueryBuilder('r').where('r.project_uuid = :project', { project: projectUuid });
  }

  /** The value of an SQL expression over one resource (alias `r`), for keyset cursors. */
  async resourceExpression(resourceId: number, expression: string): Promise<unknown> {
    const row = await this.db
      .getRepository(CodebaseResource)
      .createQueryBuilder('r')
      .select(expression, 'value')
      .where('r.id = :id', { id: resourceId })
      .getRawOne<{ value: unknown }>();
    return row?.value;
  }

  packages(projectUuid: string): SelectQueryBuilder<DiscoveredPackage> {
    return this.db.getRepository(DiscoveredPackage).createQueryBuilder('p').where('p.project_uuid = :project', { project: projectUuid });
  }

  /** Dependencies with the uid of their package, of the package they resolve to, and their datafile path. */
  dependencies(projectUuid: string): SelectQueryBuilder<DiscoveredDependency> {
    return this.db
      .getRepository(DiscoveredDependency)
      .createQueryBuilder('d')
      .leftJoin('d.for_package', 'fp')
      .addSelect(['fp.id', 'fp.package_uid'])
      .leftJoin('d.resolved_to_package', 'rp')
      .addSelect(['rp.id', 'rp.package_uid'])
      .leftJoin('d.datafile_resource', 'dr')
      .addSelect(['dr.id', 'dr.path'])
      .where('d.project_uuid = :project', { project: projectUuid });
  }

  messages(projectUuid: string): SelectQueryBuilder<ProjectMessage> {
    return this.db.getRepository(ProjectMessage).createQueryBuilder('m').where('m.project_uuid = :project', { project: projectUuid });
  }

  /** Distinct values of a column among a project's rows (choice filters built from data). */
  async distinctValues(qb: SelectQueryBuilder<ObjectLiteral>, column: string): Promise<string[]> {
    const rows = await qb.clone().select(column, 'value').distinct(true).orderBy().offset(undefined).limit(undefined).getRawMany<{ value: string }>();
    return rows.map((row) => row.value);
  }

  /** Files and directories of a project in path order, in keyset batches, with their packages. */
  async *resourceBatches(projectUuid: string, size = 2000): AsyncIterable<{ resources: CodebaseResource[]; packages: Map<number, string[]> }> {
    let after = '';
    for (;;) {
      const resources = await this.resources(projectUuid)
        .andWhere("r.type <> 'symlink' AND r.path > :after", { after })
        .orderBy('r.path', 'ASC')
        .limit(size)
        .getMany();
      if (resources.length === 0) {
        return;
      }
      yield { resources, packages: await this.packagesOf(resources.map((r) => r.id)) };
      after = resources.at(-1)!.path;
    }
  }

  async allMessages(projectUuid: string): Promise<ProjectMessage[]> {
    return this.messages(projectUuid).orderBy('m.created_date', 'ASC').addOrderBy('m.uuid', 'ASC').getMany();
  }

  /** `for_packages` of each resource: the package_uid (or purl) of its packages. */
  async packagesOf(resourceIds: number[]): Promise<Map<number, string[]>> {
    const map = new Map<number, string[]>();
    if (resourceIds.length === 0) {
      return map;
    }
    const links = await this.db.getRepository(ResourcePackage).find({ where: { resource_id: In(resourceIds) } });
    if (links.length === 0) {
      return map;
    }
    const packages = await this.db.getRepository(DiscoveredPackage).find({
      where: { id: In([...new Set(links.map((l) => l.package_id))]) },
      select: { id: true, package_uid: true, type: true, namespace: true, name: true, version: true },
    });
    const uidOf = new Map(packages.map((p) => [p.id, p.package_uid || `pkg:${p.type}/${p.namespace ? `${p.namespace}/` : ''}${p.name}${p.version ? `@${p.version}` : ''}`]));
    for (const link of links) {
      map.set(link.resource_id, [...(map.get(link.resource_id) ?? []), uidOf.get(link.package_id) ?? '']);
    }
    return map;
  }
}
