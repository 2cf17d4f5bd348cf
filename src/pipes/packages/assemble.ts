import { randomUUID } from 'node:crypto';
import { makePackageData, type DependentPackage, type PackageData, type ParseProblem } from './models';
import { parsePurl } from './purl';
import { groupKeyOf, keepDeepestOwners, ownedResources, PRIMARY_ORDER, subtreeRoot } from './assembly-rules';

/** The package_data records found in one resource of the codebase. */
export interface DatafileRecord {
  path: string;
  packageData: PackageData[];
}

/** A top-level package (ScanCode `Package`): package_data fields plus identity and provenance. */
export type AssembledPackage = Omit<PackageData, 'dependencies' | 'datasource_id'> & {
  package_uid: string;
  datafile_paths: string[];
  datasource_ids: string[];
};

/** A top-level dependency (ScanCode `Dependency` / ScanCode.io DiscoveredDependency). */
export type AssembledDependency = Omit<DependentPackage, 'resolved_package'> & {
  type: string | null;
  namespace: string | null;
  name: string | null;
  version: string | null;
  qualifiers: Record<string, string>;
  subpath: string | null;
  dependency_uid: string;
  for_package_uid: string | null;
  resolved_to_package_uid: string | null;
  datafile_path: string;
  datasource_id: string;
  resolved_package: DependentPackage['resolved_package'];
};

export interface Assembly {
  packages: AssembledPackage[];
  dependencies: AssembledDependency[];
  /** Resource path → package_uids it belongs to (ScanCode `for_packages`). */
  forPackages: Map<string, string[]>;
  problems: ParseProblem[];
}

export interface AssembleOptions {
  /** Every resource path of the codebase, used to give a package the files of its tree. */
  resourcePaths?: string[];
  /** Create virtual packages from lockfile-resolved dependencies, as the StaticResolver does. */
  createResolvedPackages?: boolean;
  /** Source of uuid4 values (tests pass a deterministic one). */
  uuid?: () => string;
}

interface Group {
  key: string;
  members: Array<{ path: string; data: PackageData }>;
}

/** Returns packages, dependencies and resource links assembled from the datafiles of a codebase, as ScanCode does. */
export function assemblePackages(datafiles: DatafileRecord[], options: AssembleOptions = {}): Assembly {
  const uuid = options.uuid ?? randomUUID;
  const assembly: Assembly = { packages: [], dependencies: [], forPackages: new Map(), problems: [] };
  const subtreeRoots = new Map<string, string>();
  for (const group of groupDatafiles(datafiles)) {
    const ordered = [...group.members].sort((a, b) => rank(a.data) - rank(b.data));
    const anchor = ordered.find((m) => m.data.purl !== null);
    let pkg: AssembledPackage | null = null;
    if (anchor) {
      pkg = toPackage(anchor.data, anchor.path, uuid());
      for (const member of ordered) {
        if (member !== anchor) {
          mergeInto(pkg, member.data, member.path);
        }
      }
      assembly.packages.push(pkg);
      const root = subtreeRoot(anchor.path, anchor.data);
      if (root !== null) {
        subtreeRoots.set(pkg.package_uid, root);
      }
      for (const path of ownedResources(
        anchor.path,
        anchor.data,
        group.members.map((m) => m.path),
        options.resourcePaths,
      )) {
        link(assembly.forPackages, path, pkg.package_uid);
      }
    } else {
      for (const member of ordered) {
        if (member.data.dependencies.length === 0 && member.data.type !== null) {
          assembly.problems.push({
            path: member.path,
            datasource_id: member.data.datasource_id,
            message: 'package data without a name: no package created',
          });
        }
      }
    }
    for (const member of ordered) {
      for (const dep of member.data.dependencies) {
        assembly.dependencies.push(
          toDependency(dep, member.path, member.data.datasource_id, pkg?.package_uid ?? null, uuid()),
        );
      }
    }
  }
  if (options.createResolvedPackages) {
    addResolvedPackages(assembly, uuid);
  }
  keepDeepestOwners(assembly.forPackages, subtreeRoots);
  resolveToPackages(assembly);
  return assembly;
}

function rank(data: PackageData): number {
  const i = PRIMARY_ORDER.indexOf(data.datasource_id);
  return i < 0 ? PRIMARY_ORDER.length : i;
}

function groupDatafiles(datafiles: DatafileRecord[]): Group[] {
  const groups = new Map<string, Group>();
  for (const { path, packageData } of datafiles) {
    packageData.forEach((data, index) => {
      // A datafile describing several packages (an installed database) gives one package each; a dpkg
      // package joins its copyright file, and a second architecture of the same name stays apart.
      let key = packageData.length > 1 && data.type !== 'deb' ? `${path}#${index}` : groupKeyOf(path, data);
      if (packageData.length > 1 && groups.get(key)?.members.some((m) => m.path === path)) {
        key = `${path}#${index}`;
      }
      const group = groups.get(key) ?? { key, members: [] };
      group.members.push({ path, data });
      groups.set(key, group);
    });
  }
  return [...groups.values()];
}

function toPackage(data: PackageData, path: string, uuid: string): AssembledPackage {
  const { dependencies: _deps, datasource_id, ...fields } = data;
  return {
    ...fields,
    package_uid: `${data.purl}?uuid=${uuid}`,
    datafile_paths: [path],
    datasource_ids: [datasource_id],
  };
}

function mergeInto(pkg: AssembledPackage, data: PackageData, path: string): void {
  if (!pkg.datafile_paths.includes(path)) {
    pkg.datafile_paths.push(path);
  }
  if (!pkg.datasource_ids.includes(data.datasource_id)) {
    pkg.datasource_ids.push(data.datasource_id);
  }
  // Later datafiles only fill what the primary one left empty, as ScanCode's Package.update does.
  const target = pkg as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    if (key === 'dependencies' || key === 'datasource_id' || key === 'purl') {
      continue;
    }
    const current = target[key];
    const isEmpty =
      current === null ||
      current === undefined ||
      current === '' ||
      (Array.isArray(current) && current.length === 0) ||
      (typeof current === 'object' &&
        current !== null &&
        !Array.isArray(current) &&
        Object.keys(current).length === 0);
    if (isEmpty && value !== null && value !== undefined) {
      target[key] = value;
    }
  }
}

function toDependency(
  dep: DependentPackage,
  path: string,
  datasourceId: string,
  forPackageUid: string | null,
  uuid: string,
): AssembledDependency {
  const parts = parsePurl(dep.purl);
  return {
    ...dep,
    type: parts?.type ?? null,
    namespace: parts?.namespace ?? null,
    name: parts?.name ?? null,
    version: parts?.version ?? null,
    qualifiers: parts?.qualifiers ?? {},
    subpath: parts?.subpath ?? null,
    dependency_uid: `${dep.purl}?uuid=${uuid}`,
    for_package_uid: forPackageUid,
    resolved_to_package_uid: null,
    datafile_path: path,
    datasource_id: datasourceId,
  };
}

function addResolvedPackages(assembly: Assembly, uuid: () => string): void {
  const byPurl = new Map(assembly.packages.map((p) => [p.purl, p]));
  for (const dep of [...assembly.dependencies]) {
    const resolved = dep.resolved_package as Partial<PackageData>;
    if (!resolved.name || !resolved.type || !resolved.datasource_id) {
      continue;
    }
    const data = makePackageData({
      ...resolved,
      datasource_id: resolved.datasource_id,
      dependencies: resolved.dependencies ?? [],
    });
    if (!data.purl || byPurl.has(data.purl)) {
      continue;
    }
    const pkg = { ...toPackage(data, dep.datafile_path, uuid()), is_virtual: true };
    byPurl.set(pkg.purl, pkg);
    assembly.packages.push(pkg);
    for (const sub of data.dependencies) {
      assembly.dependencies.push(
        toDependency(sub, dep.datafile_path, dep.datasource_id, pkg.package_uid, uuid()),
      );
    }
  }
}

function resolveToPackages(assembly: Assembly): void {
  const byPurl = new Map<string, string>();
  const byName = new Map<string, string[]>();
  for (const pkg of assembly.packages) {
    if (pkg.purl) {
      byPurl.set(pkg.purl, pkg.package_uid);
      const unversioned = pkg.purl.replace(/@[^@/?#]*(?=[?#]|$)/, '');
      byName.set(unversioned, [...(byName.get(unversioned) ?? []), pkg.package_uid]);
    }
  }
  for (const dep of assembly.dependencies) {
    const exact = byPurl.get(dep.purl);
    // An unpinned requirement resolves only when a single discovered version exists.
    const candidates = exact ? [exact] : dep.version ? [] : (byName.get(dep.purl) ?? []);
    if (candidates.length === 1 && candidates[0] !== dep.for_package_uid) {
      dep.resolved_to_package_uid = candidates[0] ?? null;
    }
  }
}

function link(forPackages: Map<string, string[]>, path: string, uid: string): void {
  const list = forPackages.get(path) ?? [];
  if (!list.includes(uid)) {
    list.push(uid);
  }
  forPackages.set(path, list);
}
