import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { insertRows, updateRows } from '../db/sql';
import type { DatafileScan, PackageStore, SummaryInputs } from '../pipelines/context';
import type { SummaryFile } from '../pipes/packages/summary';
import type { PackageData } from '../pipes/packages';
import type { AssembledDependency, AssembledPackage, Assembly, DatafileRecord } from '../pipes/packages/assemble';
import { CodebaseResource } from './codebase-resource.entity';
import type { UniqueDetection } from '../pipes/licenses/collect';
import { DiscoveredDependency } from './discovered-dependency.entity';
import { DiscoveredLicense } from './discovered-license.entity';
import { DiscoveredPackage } from './discovered-package.entity';
import { readFileContent } from './file-content';
import { qualifiersToString, toPackageView } from './packages.views';
import { toResourceView } from './resources.views';
import { ResourcePackage } from './resource-package.entity';

const APPLICATION_PACKAGE = 'application-package';
const SCANNED_WITH_ERROR = 'scanned-with-error';
const CHUNK = 500;

/** A dependency scope the project chose to ignore (`ignored_dependency_scopes` setting). */
interface IgnoredScope {
  package_type: string;
  scope: string;
}

/** The packages and dependencies of one project, for pipeline steps. */
export class ProjectPackageStore implements PackageStore {
  constructor(
    private readonly db: DataSource,
    private readonly projectUuid: string,
    private readonly settings: Readonly<Record<string, unknown>> = {},
  ) {}

  async savePackageData(scans: readonly DatafileScan[]): Promise<void> {
    const scope = { project_uuid: this.projectUuid };
    const parsed = scans.flatMap((s) => ('packageData' in s ? [{ path: s.path, package_data: s.packageData, status: APPLICATION_PACKAGE }] : []));
    const failed = scans.flatMap((s) => ('error' in s ? [{ path: s.path, status: SCANNED_WITH_ERROR }] : []));
    await this.db.transaction(async (tx) => {
      await updateRows(tx, CodebaseResource, scope, 'path', ['package_data', 'status'], parsed);
      await updateRows(tx, CodebaseResource, scope, 'path', ['status'], failed);
    });
  }

  async datafiles(): Promise<DatafileRecord[]> {
    const rows = await this.db
      .getRepository(CodebaseResource)
      .createQueryBuilder('r')
      .select(['r.path', 'r.package_data'])
      .where("r.project_uuid = :project AND r.package_data NOT IN ('[]', '')", { project: this.projectUuid })
      .orderBy('r.path', 'ASC')
      .getMany();
    return rows.map((r) => ({ path: r.path, packageData: r.package_data as PackageData[] }));
  }

  async filePaths(): Promise<string[]> {
    const paths: string[] = [];
    let after = '';
    for (;;) {
      const rows = await this.db
        .getRepository(CodebaseResource)
        .createQueryBuilder('r')
        .select(['r.path'])
        .where("r.project_uuid = :project AND r.type = 'file' AND r.path > :after", { project: this.projectUuid, after })
        .orderBy('r.path', 'ASC')
        .limit(20_000)
        .getMany();
      if (rows.length === 0) {
        return paths;
      }
      for (const row of rows) {
        paths.push(row.path);
      }
      after = rows.at(-1)!.path;
    }
  }

  async manifestPaths(): Promise<string[]> {
    const rows = await this.db
      .getRepository(CodebaseResource)
      .createQueryBuilder('r')
      .select(['r.path'])
      .where("r.project_uuid = :project AND r.type = 'file' AND r.status = :status AND r.package_data IN ('[]', '')", {
        project: this.projectUuid,
        status: APPLICATION_PACKAGE,
      })
      .orderBy('r.path', 'ASC')
      .getMany();
    return rows.map((r) => r.path);
  }

  async saveAssembly(assembly: Assembly, options: { replace?: boolean } = {}): Promise<{ packages: number; dependencies: number }> {
    const ignored = this.ignoredScopes();
    const dependencies = assembly.dependencies.filter((d) => !ignored.some((i) => i.package_type === d.type && i.scope === d.scope));
    return this.db.transaction(async (tx) => {
      const datafilePaths = new Set([...assembly.packages.flatMap((p) => p.datafile_paths), ...dependencies.map((d) => d.datafile_path)]);
      const resourceIds = await this.resourceIds(tx, [...new Set([...datafilePaths, ...assembly.forPackages.keys()])]);
      if (options.replace) {
        await this.deleteFromDatafiles(tx, datafilePaths, resourceIds);
      }
      await insertRows(tx, DiscoveredPackage, assembly.packages.map((p) => this.packageRow(p)), CHUNK);
      const packageIds = await this.packageIds(tx, assembly.packages.map((p) => p.package_uid));
      const links: ResourcePackage[] = [];
      for (const [path, uids] of assembly.forPackages) {
        const resourceId = resourceIds.get(path);
        for (const uid of resourceId === undefined ? [] : uids) {
          const packageId = packageIds.get(uid);
          if (packageId !== undefined) {
            links.push(Object.assign(new ResourcePackage(), { resource_id: resourceId, package_id: packageId }));
          }
        }
      }
      await insertRows(tx, ResourcePackage, links, CHUNK);
      await insertRows(
        tx,
        DiscoveredDependency,
        dependencies.map((d) => this.dependencyRow(d, packageIds, resourceIds)),
        CHUNK,
      );
      return { packages: assembly.packages.length, dependencies: dependencies.length };
    });
  }

  async deleteIndirectDependencies(): Promise<number> {
    const result = await this.db.getRepository(DiscoveredDependency).delete({ project_uuid: this.projectUuid, is_direct: false });
    return result.affected ?? 0;
  }

  async *resourceDetections(size = 2000): AsyncIterable<{ path: string; license_detections: unknown[]; license_clues: unknown[] }[]> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .getRepository(CodebaseResource)
        .createQueryBuilder('r')
        .select(['r.path', 'r.license_detections', 'r.license_clues'])
        .where("r.project_uuid = :project AND r.path > :after AND (r.license_detections NOT IN ('[]', '') OR r.license_clues NOT IN ('[]', ''))", {
          project: this.projectUuid,
          after,
        })
        .orderBy('r.path', 'ASC')
        .limit(size)
        .getMany();
      if (rows.length === 0) {
        return;
      }
      yield rows.map((r) => ({ path: r.path, license_detections: r.license_detections, license_clues: r.license_clues }));
      after = rows.at(-1)!.path;
    }
  }

  async packageDetections(): Promise<{ datafile_path: string; license_detections: unknown[]; other_license_detections: unknown[] }[]> {
    const rows = await this.db.getRepository(DiscoveredPackage).find({
      where: { project_uuid: this.projectUuid },
      select: { id: true, datafile_paths: true, license_detections: true, other_license_detections: true },
      order: { id: 'ASC' },
    });
    return rows
      .filter((p) => p.license_detections.length > 0 || p.other_license_detections.length > 0)
      .map((p) => ({ datafile_path: p.datafile_paths[0] ?? '', license_detections: p.license_detections, other_license_detections: p.other_license_detections }));
  }

  async summaryInputs(codebaseDir: string): Promise<SummaryInputs> {
    const files: SummaryFile[] = [];
    const keyFiles: Record<string, unknown>[] = [];
    const keyIds: number[] = [];
    let after = '';
    for (;;) {
      const rows = await this.db
        .getRepository(CodebaseResource)
        .createQueryBuilder('r')
        .where("r.project_uuid = :project AND r.type = 'file' AND r.path > :after", { project: this.projectUuid, after })
        .orderBy('r.path', 'ASC')
        .limit(2000)
        .getMany();
      if (rows.length === 0) {
        break;
      }
      const packagesOf = await this.packageUidsOf(rows.filter((r) => r.is_key_file).map((r) => r.id));
      for (const r of rows) {
        files.push({
          path: r.path,
          is_key_file: r.is_key_file,
          license_detections: r.license_detections as SummaryFile['license_detections'],
          copyrights: r.copyrights as SummaryFile['copyrights'],
          holders: r.holders as SummaryFile['holders'],
          programming_language: r.programming_language || null,
          detected_license_expression: r.detected_license_expression || null,
        });
        if (r.is_key_file && r.is_text) {
          keyIds.push(r.id);
          keyFiles.push({ ...toResourceView(r, packagesOf.get(r.id) ?? []), content: readFileContent(codebaseDir, r.path, false) ?? '' });
        }
      }
      after = rows.at(-1)!.path;
    }
    const packages = await this.db.getRepository(DiscoveredPackage).find({ where: { project_uuid: this.projectUuid }, order: { id: 'ASC' } });
    const keyPackageIds = new Set<number>();
    for (let i = 0; i < keyIds.length; i += CHUNK) {
      const links = await this.db.getRepository(ResourcePackage).find({ where: { resource_id: In(keyIds.slice(i, i + CHUNK)) } });
      links.forEach((l) => keyPackageIds.add(l.package_id));
    }
    return {
      files,
      packages: packages.map((p) => ({
        datafile_paths: p.datafile_paths,
        declared_license_expression: p.declared_license_expression || null,
        holder: p.holder || null,
        primary_language: p.primary_language || null,
      })),
      keyFiles,
      keyFilesPackages: packages.filter((p) => keyPackageIds.has(p.id)).map(toPackageView),
    };
  }

  private async packageUidsOf(resourceIds: number[]): Promise<Map<number, string[]>> {
    const map = new Map<number, string[]>();
    if (resourceIds.length === 0) {
      return map;
    }
    const links = await this.db.getRepository(ResourcePackage).find({ where: { resource_id: In(resourceIds) }, relations: { package: true } });
    for (const link of links) {
      map.set(link.resource_id, [...(map.get(link.resource_id) ?? []), link.package?.package_uid ?? '']);
    }
    return map;
  }

  async replaceLicenseDetections(rows: readonly UniqueDetection[]): Promise<number> {
    await this.db.transaction(async (tx) => {
      await tx.getRepository(DiscoveredLicense).delete({ project_uuid: this.projectUuid });
      await insertRows(
        tx,
        DiscoveredLicense,
        rows.map((row) => Object.assign(new DiscoveredLicense(), { project_uuid: this.projectUuid, ...row, identifier: row.identifier.slice(0, 1024) })),
        CHUNK,
      );
    });
    return rows.length;
  }

  private ignoredScopes(): IgnoredScope[] {
    const setting = this.settings.ignored_dependency_scopes;
    if (!Array.isArray(setting)) {
      return [];
    }
    return setting
      .filter((s): s is IgnoredScope => typeof s === 'object' && s !== null && 'package_type' in s && 'scope' in s)
      .map((s) => ({ package_type: String(s.package_type), scope: String(s.scope) }));
  }

  /** Packages whose datafiles are all among `paths`, and the dependencies read from those files. */
  private async deleteFromDatafiles(tx: EntityManager, paths: Set<string>, resourceIds: Map<string, number>): Promise<void> {
    const packages = await tx.getRepository(DiscoveredPackage).find({
      where: { project_uuid: this.projectUuid },
      select: { id: true, datafile_paths: true },
    });
    const stale = packages.filter((p) => p.datafile_paths.length > 0 && p.datafile_paths.every((path) => paths.has(path))).map((p) => p.id);
    const datafileIds = [...paths].map((p) => resourceIds.get(p)).filter((id): id is number => id !== undefined);
    for (let i = 0; i < datafileIds.length; i += CHUNK) {
      await tx.getRepository(DiscoveredDependency).delete({ project_uuid: this.projectUuid, datafile_resource_id: In(datafileIds.slice(i, i + CHUNK)) });
    }
    for (let i = 0; i < stale.length; i += CHUNK) {
      const ids = stale.slice(i, i + CHUNK);
      await tx.getRepository(ResourcePackage).delete({ package_id: In(ids) });
      await tx.getRepository(DiscoveredDependency).delete({ for_package_id: In(ids) });
      await tx.getRepository(DiscoveredPackage).delete({ id: In(ids) });
    }
  }

  private async resourceIds(tx: EntityManager, paths: string[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (let i = 0; i < paths.length; i += CHUNK) {
      const rows = await tx.getRepository(CodebaseResource).find({
        where: { project_uuid: this.projectUuid, path: In(paths.slice(i, i + CHUNK)) },
        select: { id: true, path: true },
      });
      for (const row of rows) {
        ids.set(row.path, row.id);
      }
    }
    return ids;
  }

  private async packageIds(tx: EntityManager, uids: string[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (let i = 0; i < uids.length; i += CHUNK) {
      const rows = await tx.getRepository(DiscoveredPackage).find({
        where: { project_uuid: this.projectUuid, package_uid: In(uids.slice(i, i + CHUNK)) },
        select: { id: true, package_uid: true },
      });
      for (const row of rows) {
        ids.set(row.package_uid, row.id);
      }
    }
    return ids;
  }

  private packageRow(p: AssembledPackage): DiscoveredPackage {
    return Object.assign(new DiscoveredPackage(), {
      uuid: randomUUID(),
      project_uuid: this.projectUuid,
      type: cut(p.type || 'unknown', 16),
      namespace: cut(p.namespace, 255),
      name: cut(p.name, 255),
      version: cut(p.version, 100),
      qualifiers: cut(qualifiersToString(p.qualifiers), 1024),
      subpath: cut(p.subpath, 200),
      package_uid: cut(p.package_uid, 1024),
      filename: '',
      primary_language: cut(p.primary_language, 50),
      description: p.description ?? '',
      release_date: releaseDate(p.release_date),
      homepage_url: cut(p.homepage_url, 1024),
      download_url: cut(p.download_url, 2048),
      bug_tracking_url: cut(p.bug_tracking_url, 1024),
      code_view_url: cut(p.code_view_url, 1024),
      vcs_url: cut(p.vcs_url, 1024),
      repository_homepage_url: cut(p.repository_homepage_url, 1024),
      repository_download_url: cut(p.repository_download_url, 1024),
      api_data_url: cut(p.api_data_url, 1024),
      size: p.size,
      md5: cut(p.md5, 32),
      sha1: cut(p.sha1, 40),
      sha256: cut(p.sha256, 64),
      sha512: cut(p.sha512, 128),
      copyright: p.copyright ?? '',
      holder: p.holder ?? '',
      declared_license_expression: p.declared_license_expression ?? '',
      declared_license_expression_spdx: p.declared_license_expression_spdx ?? '',
      license_detections: p.license_detections,
      other_license_expression: p.other_license_expression ?? '',
      other_license_expression_spdx: p.other_license_expression_spdx ?? '',
      other_license_detections: p.other_license_detections,
      extracted_license_statement: p.extracted_license_statement ?? '',
      notice_text: p.notice_text ?? '',
      keywords: p.keywords,
      parties: p.parties,
      source_packages: p.source_packages,
      datasource_ids: p.datasource_ids,
      datafile_paths: p.datafile_paths,
      file_references: p.file_references,
      is_private: p.is_private,
      is_virtual: p.is_virtual,
      extra_data: p.extra_data,
    });
  }

  private dependencyRow(d: AssembledDependency, packageIds: Map<string, number>, resourceIds: Map<string, number>): DiscoveredDependency {
    return Object.assign(new DiscoveredDependency(), {
      uuid: randomUUID(),
      project_uuid: this.projectUuid,
      dependency_uid: cut(d.dependency_uid, 1024),
      type: cut(d.type, 16),
      namespace: cut(d.namespace, 255),
      name: cut(d.name, 255),
      version: cut(d.version, 100),
      qualifiers: cut(qualifiersToString(d.qualifiers), 1024),
      subpath: cut(d.subpath, 200),
      for_package_id: d.for_package_uid ? (packageIds.get(d.for_package_uid) ?? null) : null,
      resolved_to_package_id: d.resolved_to_package_uid ? (packageIds.get(d.resolved_to_package_uid) ?? null) : null,
      datafile_resource_id: resourceIds.get(d.datafile_path) ?? null,
      extracted_requirement: cut(d.extracted_requirement, 256),
      scope: cut(d.scope, 64),
      datasource_id: cut(d.datasource_id, 64),
      is_runtime: d.is_runtime,
      is_optional: d.is_optional,
      is_pinned: d.is_pinned,
      is_direct: d.is_direct,
    });
  }
}

function cut(value: string | null | undefined, length: number): string {
  return (value ?? '').slice(0, length);
}

/** ScanCode.io stores a date: keep the `YYYY-MM-DD` of an ISO date or datetime, nothing else. */
function releaseDate(value: string | null): string {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return match?.[1] ?? '';
}
