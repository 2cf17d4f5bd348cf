import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { insertRows } from '../../src/db/sql';
import { CodebaseRelation } from '../../src/results/codebase-relation.entity';
import { CodebaseResource } from '../../src/results/codebase-resource.entity';
import { DiscoveredDependency } from '../../src/results/discovered-dependency.entity';
import { DiscoveredLicense } from '../../src/results/discovered-license.entity';
import { DiscoveredPackage } from '../../src/results/discovered-package.entity';
import { ProjectMessage } from '../../src/results/project-message.entity';
import { ResourcePackage } from '../../src/results/resource-package.entity';

/** Resource rows for a project: a path and any fields a test cares about. */
export async function makeResources(db: DataSource, projectUuid: string, rows: (Partial<CodebaseResource> & { path: string })[]): Promise<void> {
  await insertRows(
    db.manager,
    CodebaseResource,
    rows.map((row) => {
      const slash = row.path.lastIndexOf('/');
      const name = row.path.slice(slash + 1);
      const dot = name.lastIndexOf('.');
      return Object.assign(new CodebaseResource(), {
        project_uuid: projectUuid,
        parent_path: slash > 0 ? row.path.slice(0, slash) : '',
        name,
        extension: dot > 0 ? name.slice(dot) : '',
        type: 'file',
        size: null,
        ...row,
      });
    }),
  );
}

export async function makeMessage(db: DataSource, projectUuid: string, fields: Partial<ProjectMessage>): Promise<void> {
  await insertRows(db.manager, ProjectMessage, [
    Object.assign(new ProjectMessage(), {
      uuid: randomUUID(),
      project_uuid: projectUuid,
      severity: 'error',
      description: '',
      model: 'test',
      details: {},
      traceback: '',
      created_date: new Date(),
      ...fields,
    }),
  ]);
}

/** A package linked to the resources at `paths`. */
export async function makePackage(db: DataSource, projectUuid: string, fields: Partial<DiscoveredPackage>, paths: string[]): Promise<void> {
  const uuid = randomUUID();
  await insertRows(db.manager, DiscoveredPackage, [Object.assign(new DiscoveredPackage(), { uuid, project_uuid: projectUuid, ...fields })]);
  if (paths.length === 0) {
    return;
  }
  const pkg = await db.getRepository(DiscoveredPackage).findOneByOrFail({ uuid });
  const resources = await db.getRepository(CodebaseResource).find({ where: paths.map((path) => ({ project_uuid: projectUuid, path })) });
  await insertRows(db.manager, ResourcePackage, resources.map((r) => Object.assign(new ResourcePackage(), { resource_id: r.id, package_id: pkg.id })));
}

/** A unique license detection of a project (DiscoveredLicense row). */
export async function makeLicense(db: DataSource, projectUuid: string, fields: Partial<DiscoveredLicense> & { identifier: string }): Promise<void> {
  await insertRows(db.manager, DiscoveredLicense, [Object.assign(new DiscoveredLicense(), { project_uuid: projectUuid, license_expression: '', ...fields })]);
}

/** A dependency; `for`/`resolvedTo` name packages by package_uid, `datafile` a resource by path. */
export async function makeDependency(
  db: DataSource,
  projectUuid: string,
  fields: Partial<DiscoveredDependency>,
  links: { for?: string; resolvedTo?: string; datafile?: string } = {},
): Promise<void> {
  const packageId = async (uid: string | undefined) =>
    uid === undefined ? null : (await db.getRepository(DiscoveredPackage).findOneByOrFail({ project_uuid: projectUuid, package_uid: uid })).id;
  const resourceId = links.datafile === undefined ? null : (await db.getRepository(CodebaseResource).findOneByOrFail({ project_uuid: projectUuid, path: links.datafile })).id;
  await insertRows(db.manager, DiscoveredDependency, [
    Object.assign(new DiscoveredDependency(), {
      uuid: randomUUID(),
      project_uuid: projectUuid,
      dependency_uid: `${fields.name ?? 'dep'}?uuid=${randomUUID()}`,
      for_package_id: await packageId(links.for),
      resolved_to_package_id: await packageId(links.resolvedTo),
      datafile_resource_id: resourceId,
      ...fields,
    }),
  ]);
}

/** A relation between two resources given by path. */
export async function makeRelation(db: DataSource, projectUuid: string, from: string, to: string, fields: Partial<CodebaseRelation> = {}): Promise<void> {
  const find = (path: string) => db.getRepository(CodebaseResource).findOneByOrFail({ project_uuid: projectUuid, path });
  await insertRows(db.manager, CodebaseRelation, [
    Object.assign(new CodebaseRelation(), {
      uuid: randomUUID(),
      project_uuid: projectUuid,
      from_resource_id: (await find(from)).id,
      to_resource_id: (await find(to)).id,
      map_type: 'path',
      extra_data: {},
      ...fields,
    }),
  ]);
}
