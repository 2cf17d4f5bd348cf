import { parseSyml } from '@yarnpkg/parsers';
import { parse as parseYaml } from 'yaml';
import type { DatafileHandler, DatafileInput } from './handler';
import { asDict, asText, decodeText, entriesOf, type Dict } from './fields';
import { makeDependency, makePackageData, type DependentPackage, type PackageData } from './models';
import { resolvedNpmPackage } from './npm-lockfile';
import { buildPurl, splitScopedName } from './purl';

/** Returns the package name of a lockfile key such as `@scope/name@npm:^1.0.0` or `name@1.2.3`. */
export function nameOfLockKey(key: string): string {
  const at = key.indexOf('@', 1);
  return at > 0 ? key.slice(0, at) : key;
}

function pinned(
  fullName: string,
  version: string,
  requirement: string | null,
  entry: Dict,
  datasourceId: string,
  extra: Partial<DependentPackage> = {},
): DependentPackage {
  const { namespace, name } = splitScopedName(fullName);
  return makeDependency({
    purl: buildPurl({ type: 'npm', namespace, name, version }),
    extracted_requirement: requirement,
    scope: 'dependencies',
    is_pinned: true,
    is_direct: false,
    resolved_package: resolvedNpmPackage(fullName, version, entry, datasourceId),
    ...extra,
  });
}

function lockPackage(datasourceId: string, dependencies: DependentPackage[], extraData: Dict): PackageData {
  return makePackageData({
    datasource_id: datasourceId,
    type: 'npm',
    primary_language: 'JavaScript',
    dependencies,
    extra_data: extraData,
  });
}

function parseYarnLock({ content }: DatafileInput): PackageData[] {
  const parsed = parseSyml(decodeText(content));
  const isBerry = '__metadata' in parsed;
  const datasourceId = isBerry ? 'yarn_lock_v2' : 'yarn_lock_v1';
  // Yarn writes one stanza for all requirements resolved to one version; the parser splits it again.
  const groups = new Map<
    string,
    { fullName: string; version: string; entry: Dict; requirements: string[] }
  >();
  for (const [key, value] of Object.entries(parsed)) {
    const entry = asDict(value);
    const version = asText(entry?.version);
    if (key === '__metadata' || !entry || !version) {
      continue;
    }
    const resolution = asText(entry.resolution) ?? '';
    if (resolution.includes('@workspace:')) {
      continue;
    }
    // Berry keeps "a@npm:^1, a@npm:^2" as one key; the v1 reader already split it.
    for (const one of key.split(/,\s*/)) {
      const fullName = nameOfLockKey(one.replace(/^"|"$/g, ''));
      const requirement = one.slice(fullName.length + 1).replace(/^npm:/, '');
      const id = `${fullName}@${version}`;
      const group = groups.get(id) ?? { fullName, version, entry, requirements: [] };
      group.requirements.push(requirement);
      groups.set(id, group);
    }
  }
  const dependencies = [...groups.values()].map((g) => {
    const entry = isBerry ? { ...g.entry, dependencies: stripNpmProtocol(g.entry.dependencies) } : g.entry;
    return pinned(g.fullName, g.version, g.requirements.join(', '), entry, datasourceId);
  });
  return [lockPackage(datasourceId, dependencies, isBerry ? { metadata: parsed.__metadata } : {})];
}

function stripNpmProtocol(deps: unknown): Dict {
  return Object.fromEntries(entriesOf(deps).map(([k, v]) => [k, (asText(v) ?? '').replace(/^npm:/, '')]));
}

/** Returns name and version of a pnpm package key (`/a@1.0.0(peer)`, `/a/1.0.0_peer`, `a@1.0.0`). */
export function splitPnpmKey(key: string): { fullName: string; version: string } {
  const bare = key.replace(/^\//, '').replace(/\(.*$/, '');
  // v5 writes "/name/1.0.0_peer@2"; v6 "/name@1.0.0(peer@2)"; v9 "name@1.0.0".
  const v5 = /^((?:@[^/]+\/)?[^/@]+)\/([^/_]+)(?:_.*)?$/.exec(bare);
  const v6 = /^((?:@[^/]+\/)?[^/@]+)@([^_]+)(?:_.*)?$/.exec(bare);
  const m = v5 ?? v6;
  return m?.[1] && m[2] ? { fullName: m[1], version: m[2] } : { fullName: bare, version: '' };
}

function parsePnpmLock({ path, content }: DatafileInput): PackageData[] {
  const doc = asDict(parseYaml(decodeText(content), { maxAliasCount: -1 })) ?? {};
  const datasourceId = path.endsWith('shrinkwrap.yaml') ? 'pnpm_shrinkwrap_yaml' : 'pnpm_lock_yaml';
  const importers = asDict(doc.importers) ?? { '.': doc };
  const directRuntime = new Map<string, boolean>();
  for (const [, importer] of entriesOf(importers)) {
    const imp = asDict(importer) ?? {};
    for (const [field, runtime] of [
      ['dependencies', true],
      ['optionalDependencies', true],
      ['devDependencies', false],
    ] as const) {
      for (const [name] of entriesOf(imp[field])) {
        directRuntime.set(name, runtime || directRuntime.get(name) === true);
      }
    }
  }
  const snapshots = asDict(doc.snapshots) ?? {};
  const seen = new Set<string>();
  const dependencies: DependentPackage[] = [];
  for (const [key, value] of entriesOf(doc.packages)) {
    const entry = asDict(value) ?? {};
    const { fullName, version } = splitPnpmKey(key);
    if (seen.has(`${fullName}@${version}`)) {
      continue;
    }
    seen.add(`${fullName}@${version}`);
    const snapshot = asDict(snapshots[key.replace(/^\//, '')]) ?? entry;
    const resolution = asDict(entry.resolution) ?? {};
    const isDev = entry.dev === true || directRuntime.get(fullName) === false;
    dependencies.push(
      pinned(
        fullName,
        version,
        version,
        {
          integrity: resolution.integrity,
          dependencies: snapshot.dependencies,
          optionalDependencies: snapshot.optionalDependencies,
        },
        datasourceId,
        {
          scope: isDev ? 'devDependencies' : 'dependencies',
          is_runtime: !isDev,
          is_optional: entry.optional === true,
          is_direct: directRuntime.has(fullName),
        },
      ),
    );
  }
  return [lockPackage(datasourceId, dependencies, { lockfile_version: asText(doc.lockfileVersion) })];
}

export const yarnLockHandler: DatafileHandler = {
  datasourceId: 'yarn_lock_v1',
  packageType: 'npm',
  patterns: ['*/yarn.lock'],
  parse: parseYarnLock,
};

export const pnpmLockHandler: DatafileHandler = {
  datasourceId: 'pnpm_lock_yaml',
  packageType: 'npm',
  patterns: ['*/pnpm-lock.yaml', '*/shrinkwrap.yaml'],
  parse: parsePnpmLock,
};

function parsePnpmWorkspace({ content }: DatafileInput): PackageData[] {
  const doc = asDict(parseYaml(decodeText(content))) ?? {};
  return [
    makePackageData({
      datasource_id: 'pnpm_workspace_yaml',
      type: 'npm',
      primary_language: 'JavaScript',
      extra_data: { workspaces: doc.packages ?? [] },
    }),
  ];
}

export const pnpmWorkspaceHandler: DatafileHandler = {
  datasourceId: 'pnpm_workspace_yaml',
  packageType: 'npm',
  patterns: ['*/pnpm-workspace.yaml'],
  parse: parsePnpmWorkspace,
};
