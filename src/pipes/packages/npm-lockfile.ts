import type { DatafileHandler, DatafileInput } from './handler';
import { asDict, asText, decodeText, entriesOf, type Dict } from './fields';
import { makeDependency, makePackageData, type DependentPackage, type PackageData } from './models';
import { npmDependency, npmIntegrity, npmUrls } from './npm';
import { buildPurl, splitScopedName } from './purl';

interface LockEntry {
  fullName: string;
  version: string;
  entry: Dict;
  isTopLevel: boolean;
}

/** Returns the resolved package_data of one lockfile entry, with its own declared requirements. */
export function resolvedNpmPackage(
  fullName: string,
  version: string,
  entry: Dict,
  datasourceId: string,
): PackageData {
  const { namespace, name } = splitScopedName(fullName);
  const requires = asDict(entry.requires) ?? asDict(entry.dependencies) ?? {};
  const dependencies: DependentPackage[] = entriesOf(requires)
    .filter(([, req]) => typeof req === 'string')
    .map(([dep, req]) => npmDependency(dep, asText(req), 'dependencies'));
  for (const [dep, req] of entriesOf(entry.optionalDependencies)) {
    dependencies.push(npmDependency(dep, asText(req), 'optionalDependencies', { is_optional: true }));
  }
  return makePackageData({
    datasource_id: datasourceId,
    type: 'npm',
    namespace,
    name,
    version,
    primary_language: 'JavaScript',
    ...npmUrls(namespace, name, version),
    ...npmIntegrity(entry.integrity),
    ...downloadFields(asText(entry.resolved)),
    dependencies,
  });
}

function downloadFields(resolved: string | null): Partial<PackageData> {
  if (!resolved?.startsWith('http')) {
    return {};
  }
  // Yarn v1 appends the tarball sha1 as a URL fragment.
  const [url, fragment] = resolved.split('#', 2);
  return fragment && /^[0-9a-f]{40}$/.test(fragment)
    ? { download_url: url ?? null, sha1: fragment }
    : { download_url: resolved };
}

function entriesV2(packages: Dict): LockEntry[] {
  const out: LockEntry[] = [];
  for (const [key, value] of Object.entries(packages)) {
    const entry = asDict(value);
    if (key === '' || !entry) {
      continue;
    }
    const marker = key.lastIndexOf('node_modules/');
    const fullName = asText(entry.name) ?? (marker >= 0 ? key.slice(marker + 'node_modules/'.length) : key);
    // A workspace link has no version of its own: the linked folder's entry carries it.
    const target = entry.link === true ? asDict(packages[asText(entry.resolved) ?? '']) : undefined;
    const version = asText(entry.version) ?? asText(target?.version) ?? '';
    out.push({ fullName, version, entry, isTopLevel: key === `node_modules/${fullName}` });
  }
  return out;
}

function entriesV1(dependencies: unknown, depth = 0): LockEntry[] {
  const out: LockEntry[] = [];
  for (const [fullName, value] of entriesOf(dependencies)) {
    const entry = asDict(value);
    if (!entry) {
      continue;
    }
    out.push({ fullName, version: asText(entry.version) ?? '', entry, isTopLevel: depth === 0 });
    out.push(...entriesV1(entry.dependencies, depth + 1));
  }
  return out;
}

function parseLockfile(datasourceId: string) {
  return ({ content }: DatafileInput): PackageData[] => {
    const json = asDict(JSON.parse(decodeText(content)));
    if (!json) {
      throw new Error('lockfile is not a JSON object');
    }
    const packages = asDict(json.packages);
    const root = asDict(packages?.['']) ?? json;
    const rootName = asText(json.name) ?? asText(root.name);
    const rootVersion = asText(json.version) ?? asText(root.version);
    const direct = new Set<string>();
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const [name] of entriesOf(root[field])) {
        direct.add(name);
      }
    }
    const entries = packages ? entriesV2(packages) : entriesV1(json.dependencies);
    const dependencies = entries.map(({ fullName, version, entry, isTopLevel }) => {
      const { namespace, name } = splitScopedName(fullName);
      const isDev = entry.dev === true;
      const versionIsExact = version !== '' && !/^(file|link|git|github|http)/.test(version);
      return makeDependency({
        purl: buildPurl({ type: 'npm', namespace, name, version: versionIsExact ? version : null }),
        extracted_requirement: version || null,
        scope: isDev ? 'devDependencies' : 'dependencies',
        is_runtime: !isDev,
        is_optional: entry.optional === true || entry.devOptional === true,
        is_pinned: versionIsExact,
        is_direct: isTopLevel && (packages ? direct.has(fullName) : true),
        resolved_package: resolvedNpmPackage(fullName, version, entry, datasourceId),
      });
    });
    const { namespace, name } = rootName ? splitScopedName(rootName) : { namespace: null, name: null };
    return [
      makePackageData({
        datasource_id: datasourceId,
        type: 'npm',
        namespace,
        name,
        version: rootVersion,
        primary_language: 'JavaScript',
        ...(name ? npmUrls(namespace, name, rootVersion) : {}),
        extra_data: { lockfile_version: json.lockfileVersion ?? 1 },
        dependencies,
      }),
    ];
  };
}

export const npmPackageLockHandler: DatafileHandler = {
  datasourceId: 'npm_package_lock_json',
  packageType: 'npm',
  patterns: ['*/package-lock.json', '*/.package-lock.json'],
  parse: parseLockfile('npm_package_lock_json'),
};

export const npmShrinkwrapHandler: DatafileHandler = {
  datasourceId: 'npm_shrinkwrap_json',
  packageType: 'npm',
  patterns: ['*/npm-shrinkwrap.json'],
  parse: parseLockfile('npm_shrinkwrap_json'),
};
