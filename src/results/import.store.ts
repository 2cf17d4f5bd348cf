import { randomUUID } from 'node:crypto';
import { DataSource, In, MoreThan, type EntityManager, type EntityMetadata } from 'typeorm';
import { dialectOf, insertRows, textMatchSql } from '../db/sql';
import type {
  ImportDependency,
  ImportMark,
  ImportPackage,
  ImportRelation,
  ImportStore,
  RootfsResource,
} from '../pipelines/context';
import { CodebaseRelation } from './codebase-relation.entity';
import { CodebaseResource } from './codebase-resource.entity';
import { DiscoveredDependency } from './discovered-dependency.entity';
import { DiscoveredLicense } from './discovered-license.entity';
import { DiscoveredPackage } from './discovered-package.entity';
import { qualifiersToString } from './packages.views';
import { ResourcePackage } from './resource-package.entity';

const CHUNK = 500;

/** Columns a record from outside never sets: keys, the project, and relations set by the store. */
const OWNED = new Set(['id', 'uuid', 'project_uuid', 'for_package_id', 'resolved_to_package_id', 'datafile_resource_id', 'from_resource_id', 'to_resource_id']);

/**
 * Rows made from data that comes from outside a scan (SBOMs, inventories, installed package
 * databases), written in chunks. Every record is coerced to the columns it fits (strings cut to
 * the column length, JSON columns only given a list or an object of the right kind), so a
 * hostile or sloppy document cannot break an insert.
 */
export class ProjectImportStore implements ImportStore {
  constructor(
    private readonly db: DataSource,
    private readonly projectUuid: string,
  ) {}

  async mark(): Promise<ImportMark> {
    const max = async (entity: typeof CodebaseResource | typeof DiscoveredPackage | typeof DiscoveredDependency | typeof DiscoveredLicense) => {
      const row = (await this.db.getRepository(entity).createQueryBuilder('r').select('MAX(r.id)', 'max').getRawOne<{ max: number | string | null }>());
      return Number(row?.max ?? 0);
    };
    return {
      resource: await max(CodebaseResource),
      package: await max(DiscoveredPackage),
      dependency: await max(DiscoveredDependency),
      license: await max(DiscoveredLicense),
    };
  }

  async rollback(mark: ImportMark): Promise<void> {
    await this.db.transaction(async (tx) => {
      const project = this.projectUuid;
      const newResources = (await tx.getRepository(CodebaseResource).find({ where: { project_uuid: project, id: MoreThan(mark.resource) }, select: { id: true } })).map((r) => r.id);
      const newPackages = (await tx.getRepository(DiscoveredPackage).find({ where: { project_uuid: project, id: MoreThan(mark.package) }, select: { id: true } })).map((p) => p.id);
      await tx.getRepository(DiscoveredDependency).delete({ project_uuid: project, id: MoreThan(mark.dependency) });
      await tx.getRepository(DiscoveredLicense).delete({ project_uuid: project, id: MoreThan(mark.license) });
      for (let i = 0; i < newResources.length; i += CHUNK) {
        const ids = newResources.slice(i, i + CHUNK);
        await tx.getRepository(CodebaseRelation).delete({ from_resource_id: In(ids) });
        await tx.getRepository(CodebaseRelation).delete({ to_resource_id: In(ids) });
        await tx.getRepository(ResourcePackage).delete({ resource_id: In(ids) });
        await tx.getRepository(CodebaseResource).delete({ id: In(ids) });
      }
      for (let i = 0; i < newPackages.length; i += CHUNK) {
        const ids = newPackages.slice(i, i + CHUNK);
        await tx.getRepository(ResourcePackage).delete({ package_id: In(ids) });
        await tx.getRepository(DiscoveredPackage).delete({ id: In(ids) });
      }
    });
  }

  async insertResources(records: readonly Record<string, unknown>[]): Promise<void> {
    const metadata = this.db.getMetadata(CodebaseResource);
    const rows = records.map((record) => {
      const path = typeof record.path === 'string' ? record.path : '';
      const slash = path.lastIndexOf('/');
      const name = typeof record.name === 'string' && record.name ? record.name : path.slice(slash + 1);
      const dot = name.lastIndexOf('.');
      return Object.assign(new CodebaseResource(), coerce(metadata, record), {
        project_uuid: this.projectUuid,
        path,
        parent_path: slash < 0 ? '' : path.slice(0, slash),
        name: name.slice(0, 255),
        extension: (typeof record.extension === 'string' ? record.extension : dot > 0 ? name.slice(dot) : '').slice(0, 100),
        type: record.type === 'directory' || record.type === 'symlink' ? record.type : 'file',
      });
    });
    await this.db.transaction((tx) => insertRows(tx, CodebaseResource, rows, CHUNK));
  }

  async insertPackages(packages: readonly ImportPackage[]): Promise<void> {
    const metadata = this.db.getMetadata(DiscoveredPackage);
    await this.db.transaction(async (tx) => {
      const rows = packages.map((p) => {
        const { qualifiers, ...rest } = p.record;
        return Object.assign(new DiscoveredPackage(), coerce(metadata, rest), {
          uuid: randomUUID(),
          project_uuid: this.projectUuid,
          qualifiers: (typeof qualifiers === 'string' ? qualifiers : qualifiersToString(qualifiers as Record<string, string> | null)).slice(0, 1024),
          release_date: /^\d{4}-\d{2}-\d{2}/.exec(typeof rest.release_date === 'string' ? rest.release_date : '')?.[0] ?? '',
          package_uid: p.package_uid.slice(0, 1024),
        });
      });
      await insertRows(tx, DiscoveredPackage, rows, CHUNK);
      const links = packages.flatMap((p) => (p.resource_paths ?? []).map((path) => ({ path, package_uid: p.package_uid })));
      await this.link(tx, links);
    });
  }

  async linkResources(links: readonly { path: string; package_uid: string }[]): Promise<number> {
    return this.db.transaction((tx) => this.link(tx, links));
  }

  async insertDependencies(dependencies: readonly ImportDependency[]): Promise<ImportDependency[]> {
    const metadata = this.db.getMetadata(DiscoveredDependency);
    return this.db.transaction(async (tx) => {
      const uids = [...new Set(dependencies.flatMap((d) => [d.for_package_uid, d.resolved_to_package_uid]).filter((u): u is string => Boolean(u)))];
      const packageIds = await this.packageIds(tx, uids);
      const resourceIds = await this.resourceIds(tx, [...new Set(dependencies.map((d) => d.datafile_path).filter((p): p is string => Boolean(p)))]);
      const missing: ImportDependency[] = [];
      const rows: DiscoveredDependency[] = [];
      for (const d of dependencies) {
        const forId = d.for_package_uid ? packageIds.get(d.for_package_uid) : undefined;
        const resolvedId = d.resolved_to_package_uid ? packageIds.get(d.resolved_to_package_uid) : undefined;
        if ((d.for_package_uid && forId === undefined) || (d.resolved_to_package_uid && resolvedId === undefined)) {
          missing.push(d);
          continue;
        }
        const { qualifiers, ...rest } = d.record;
        rows.push(
          Object.assign(new DiscoveredDependency(), coerce(metadata, rest), {
            uuid: randomUUID(),
            project_uuid: this.projectUuid,
            qualifiers: (typeof qualifiers === 'string' ? qualifiers : qualifiersToString(qualifiers as Record<string, string> | null)).slice(0, 1024),
            for_package_id: forId ?? null,
            resolved_to_package_id: resolvedId ?? null,
            datafile_resource_id: (d.datafile_path ? resourceIds.get(d.datafile_path) : undefined) ?? null,
          }),
        );
      }
      await insertRows(tx, DiscoveredDependency, rows, CHUNK);
      return missing;
    });
  }

  async insertLicenseDetections(records: readonly Record<string, unknown>[]): Promise<void> {
    const metadata = this.db.getMetadata(DiscoveredLicense);
    const seen = new Set<string>();
    const rows = records
      .map((record) => Object.assign(new DiscoveredLicense(), coerce(metadata, record), { project_uuid: this.projectUuid }))
      .filter((row) => row.identifier && !seen.has(row.identifier) && seen.add(row.identifier));
    await this.db.transaction(async (tx) => {
      const existing = await tx.getRepository(DiscoveredLicense).find({
        where: { project_uuid: this.projectUuid, identifier: In(rows.map((r) => r.identifier)) },
        select: { identifier: true },
      });
      const known = new Set(existing.map((e) => e.identifier));
      await insertRows(tx, DiscoveredLicense, rows.filter((r) => !known.has(r.identifier)), CHUNK);
    });
  }

  async insertRelations(relations: readonly ImportRelation[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      const ids = await this.resourceIds(tx, [...new Set(relations.flatMap((r) => [r.from_path, r.to_path]))]);
      const rows = relations.flatMap((r) => {
        const from = ids.get(r.from_path);
        const to = ids.get(r.to_path);
        return from === undefined || to === undefined
          ? []
          : [Object.assign(new CodebaseRelation(), { uuid: randomUUID(), project_uuid: this.projectUuid, from_resource_id: from, to_resource_id: to, map_type: r.map_type.slice(0, 30), extra_data: r.extra_data ?? {} })];
      });
      await insertRows(tx, CodebaseRelation, rows, CHUNK);
      return rows.length;
    });
  }

  async addVulnerabilities(byPackageUid: ReadonlyMap<string, unknown[]>): Promise<number> {
    let updated = 0;
    await this.db.transaction(async (tx) => {
      const ids = await this.packageIds(tx, [...byPackageUid.keys()]);
      for (const [uid, advisories] of byPackageUid) {
        const id = ids.get(uid);
        if (id !== undefined) {
          await tx.getRepository(DiscoveredPackage).update({ id }, { affected_by_vulnerabilities: advisories as never });
          updated++;
        }
      }
    });
    return updated;
  }

  async *rootfsFiles(prefix: string, size = 5000): AsyncIterable<RootfsResource[]> {
    const dialect = dialectOf(this.db);
    let after = '';
    for (;;) {
      const rows = await this.db
        .getRepository(CodebaseResource)
        .createQueryBuilder('r')
        .select(['r.path', 'r.rootfs_path', 'r.status', 'r.size', 'r.md5', 'r.sha1', 'r.sha256', 'r.sha512'])
        .where(`r.project_uuid = :project AND r.path > :after AND r.type = 'file' AND ${textMatchSql(dialect, 'r.path', 'prefix', 'startswith')}`, {
          project: this.projectUuid,
          after,
          prefix,
        })
        .orderBy('r.path', 'ASC')
        .limit(size)
        .getMany();
      if (rows.length === 0) {
        return;
      }
      yield rows.map((r) => ({ path: r.path, rootfs_path: r.rootfs_path, status: r.status, size: r.size, md5: r.md5, sha1: r.sha1, sha256: r.sha256, sha512: r.sha512 }));
      after = rows.at(-1)!.path;
    }
  }

  async packageOfResources(paths: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < paths.length; i += CHUNK) {
      const links = await this.db
        .getRepository(ResourcePackage)
        .createQueryBuilder('l')
        .innerJoin(CodebaseResource, 'r', 'r.id = l.resource_id')
        .innerJoin(DiscoveredPackage, 'p', 'p.id = l.package_id')
        .select(['r.path AS path', 'p.package_uid AS package_uid'])
        .where('r.project_uuid = :project AND r.path IN (:...paths)', { project: this.projectUuid, paths: paths.slice(i, i + CHUNK) })
        .orderBy('p.id', 'ASC')
        .getRawMany<{ path: string; package_uid: string }>();
      for (const link of links) {
        if (!out.has(link.path)) {
          out.set(link.path, link.package_uid);
        }
      }
    }
    return out;
  }

  async analyzeScannedFiles(): Promise<{ noLicenses: number; unknownLicense: number }> {
    const repository = this.db.getRepository(CodebaseResource);
    const dialect = dialectOf(this.db);
    const empty = (column: string) => `(r.${column} IN ('[]', ''))`;
    const noLicenses = await repository
      .createQueryBuilder('r')
      .update(CodebaseResource)
      .set({ status: 'no-licenses' })
      .where(`project_uuid = :project AND status = 'scanned' AND ${['license_detections', 'license_clues'].map(empty).join(' AND ')} AND detected_license_expression = ''`.replaceAll('r.', ''), {
        project: this.projectUuid,
      })
      .execute();
    const unknown = await repository
      .createQueryBuilder('r')
      .update(CodebaseResource)
      .set({ status: 'unknown-license' })
      .where(`project_uuid = :project AND status = 'scanned' AND ${textMatchSql(dialect, 'detected_license_expression', 'unknown', 'contains')}`, {
        project: this.projectUuid,
        unknown: 'unknown',
      })
      .execute();
    return { noLicenses: noLicenses.affected ?? 0, unknownLicense: unknown.affected ?? 0 };
  }

  async flagNotAnalyzed(): Promise<number> {
    const result = await this.db.getRepository(CodebaseResource).update({ project_uuid: this.projectUuid, status: '' }, { status: 'not-analyzed' });
    return result.affected ?? 0;
  }

  async setResourceFields(changes: readonly { path: string; rootfs_path?: string; tag?: string; extra_data?: Record<string, unknown> }[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const change of changes) {
        const { path, ...fields } = change;
        await tx.getRepository(CodebaseResource).update({ project_uuid: this.projectUuid, path }, fields as never);
      }
    });
  }

  private async link(tx: EntityManager, links: readonly { path: string; package_uid: string }[]): Promise<number> {
    if (links.length === 0) {
      return 0;
    }
    const resourceIds = await this.resourceIds(tx, [...new Set(links.map((l) => l.path))]);
    const packageIds = await this.packageIds(tx, [...new Set(links.map((l) => l.package_uid))]);
    const seen = new Set<string>();
    const rows: ResourcePackage[] = [];
    for (const link of links) {
      const resource_id = resourceIds.get(link.path);
      const package_id = packageIds.get(link.package_uid);
      const key = `${resource_id}:${package_id}`;
      if (resource_id !== undefined && package_id !== undefined && !seen.has(key)) {
        seen.add(key);
        rows.push(Object.assign(new ResourcePackage(), { resource_id, package_id }));
      }
    }
    // A link made by an earlier batch stays as it is. Looked up by package: a resource such as an
    // SBOM can own tens of thousands of packages, while a batch names a few hundred packages.
    const existing = new Set<string>();
    const packageList = [...new Set(rows.map((r) => r.package_id))];
    for (let i = 0; i < packageList.length; i += CHUNK) {
      for (const row of await tx.getRepository(ResourcePackage).find({ where: { package_id: In(packageList.slice(i, i + CHUNK)) } })) {
        existing.add(`${row.resource_id}:${row.package_id}`);
      }
    }
    const fresh = rows.filter((r) => !existing.has(`${r.resource_id}:${r.package_id}`));
    await insertRows(tx, ResourcePackage, fresh, CHUNK);
    return fresh.length;
  }

  private async resourceIds(tx: EntityManager, paths: string[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (let i = 0; i < paths.length; i += CHUNK) {
      const rows = await tx.getRepository(CodebaseResource).find({ where: { project_uuid: this.projectUuid, path: In(paths.slice(i, i + CHUNK)) }, select: { id: true, path: true } });
      rows.forEach((row) => ids.set(row.path, row.id));
    }
    return ids;
  }

  private async packageIds(tx: EntityManager, uids: string[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (let i = 0; i < uids.length; i += CHUNK) {
      const rows = await tx.getRepository(DiscoveredPackage).find({
        where: { project_uuid: this.projectUuid, package_uid: In(uids.slice(i, i + CHUNK)) },
        select: { id: true, package_uid: true },
        order: { id: 'ASC' },
      });
      // With the same uid twice (two SBOMs), the first package wins.
      rows.forEach((row) => ids.has(row.package_uid) || ids.set(row.package_uid, row.id));
    }
    return ids;
  }
}

/** The record's values for the entity's columns, each coerced to what the column holds. */
function coerce(metadata: EntityMetadata, record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of metadata.columns) {
    const key = column.propertyName;
    if (OWNED.has(key) || !(key in record)) {
      continue;
    }
    const value = record[key];
    const fallback = typeof column.default === 'string' ? column.default : undefined;
    if (column.transformer && column.type === 'text') {
      // JSON columns: a list where the column defaults to [], an object where it defaults to {}.
      const wantsList = fallback === '[]';
      const ok = wantsList ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
      out[key] = ok ? value : wantsList ? [] : {};
    } else if (column.type === Boolean || column.type === 'boolean') {
      out[key] = value === true || value === 'true' || value === 1;
    } else if (['integer', 'bigint', 'float', 'int'].includes(String(column.type))) {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      out[key] = Number.isFinite(n) ? n : column.isNullable ? null : 0;
    } else {
      const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : value === null || value === undefined ? '' : JSON.stringify(value);
      out[key] = column.length ? text.slice(0, Number(column.length)) : text;
    }
  }
  return out;
}
