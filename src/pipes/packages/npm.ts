import semver from 'semver';
import type { DatafileHandler, DatafileInput } from './handler';
import { asArray, asDict, asText, asTextList, decodeText, entriesOf, type Dict } from './fields';
import { declaredLicenseFields } from './licensing';
import {
  makeDependency,
  makePackageData,
  makeParty,
  type DependentPackage,
  type PackageData,
  type Party,
} from './models';
import { buildPurl, splitScopedName } from './purl';

// package.json dependency sections and their flags, as ScanCode's npm handler sets them.
const SCOPES: Array<{ field: string; isRuntime: boolean; isOptional: boolean }> = [
  { field: 'dependencies', isRuntime: true, isOptional: false },
  { field: 'devDependencies', isRuntime: false, isOptional: true },
  { field: 'peerDependencies', isRuntime: true, isOptional: false },
  { field: 'optionalDependencies', isRuntime: true, isOptional: true },
];

/** Returns the registry URLs ScanCode derives for an npm package. */
export function npmUrls(
  namespace: string | null,
  name: string,
  version: string | null,
): Partial<PackageData> {
  const full = namespace ? `${namespace}/${name}` : name;
  const api = namespace
    ? `https://registry.npmjs.org/${namespace}%2f${name}`
    : `https://registry.npmjs.org/${name}${version ? `/${version}` : ''}`;
  const download = version ? `https://registry.npmjs.org/${full}/-/${name}-${version}.tgz` : null;
  return {
    repository_homepage_url: `https://www.npmjs.com/package/${full}`,
    repository_download_url: download,
    download_url: download,
    api_data_url: api,
  };
}

/** Returns a pinned or unpinned npm dependency for a name and a version requirement. */
export function npmDependency(
  fullName: string,
  requirement: string | null,
  scope: string,
  flags: Partial<DependentPackage> = {},
): DependentPackage {
  const { namespace, name } = splitScopedName(fullName);
  const exact = requirement && semver.valid(requirement) ? requirement : null;
  return makeDependency({
    purl: buildPurl({ type: 'npm', namespace, name, version: exact }),
    extracted_requirement: requirement,
    scope,
    is_pinned: exact !== null,
    ...flags,
  });
}

/** Returns name, email and url of an npm person given as "Name <email> (url)" or an object. */
export function parsePerson(value: unknown): {
  name: string | null;
  email: string | null;
  url: string | null;
} {
  const dict = asDict(value);
  if (dict) {
    return { name: asText(dict.name), email: asText(dict.email), url: asText(dict.url) };
  }
  const text = asText(value) ?? '';
  const email = /<([^>]*)>/.exec(text)?.[1]?.trim() || null;
  const url = /\(([^)]*)\)/.exec(text)?.[1]?.trim() || null;
  const name =
    text
      .replace(/<[^>]*>/, '')
      .replace(/\([^)]*\)/, '')
      .trim() || null;
  return { name, email, url };
}

function parties(json: Dict): Party[] {
  const result: Party[] = [];
  const add = (value: unknown, role: string): void => {
    for (const item of Array.isArray(value) ? value : value ? [value] : []) {
      const p = parsePerson(item);
      if (p.name || p.email || p.url) {
        result.push(makeParty(role, p.name, p.email, p.url));
      }
    }
  };
  add(json.author, 'author');
  add(json.contributors, 'contributor');
  add(json.maintainers, 'maintainer');
  return result;
}

/** Returns the vcs_url ScanCode builds from an npm `repository` field (`git+https://…`). */
export function npmVcsUrl(repository: unknown): string | null {
  const first = Array.isArray(repository) ? (repository[0] as unknown) : repository;
  const dict = asDict(first);
  const url = dict ? asText(dict.url) : asText(first);
  if (!url) {
    return null;
  }
  const normalized = /^[\w.-]+\/[\w.-]+$/.test(url)
    ? `https://github.com/${url}`
    : url.replace(/^github:/, 'https://github.com/');
  const tool = dict ? (asText(dict.type) ?? 'git') : '';
  return tool && !normalized.startsWith(tool) ? `${tool}+${normalized}` : normalized;
}

function integrityHashes(integrity: unknown): Partial<PackageData> {
  const out: Partial<PackageData> = {};
  for (const token of (asText(integrity) ?? '').split(/\s+/)) {
    const [algo, b64] = token.split('-', 2);
    if (b64 && (algo === 'sha512' || algo === 'sha1' || algo === 'sha256')) {
      out[algo] = Buffer.from(b64, 'base64').toString('hex');
    }
  }
  return out;
}

/** Returns the checksum fields of an npm `integrity` string (base64 SRI converted to hex). */
export function npmIntegrity(integrity: unknown): Partial<PackageData> {
  return integrityHashes(integrity);
}

/** Returns the dependencies declared by the sections of a package.json-like object. */
export function declaredNpmDependencies(json: Dict): DependentPackage[] {
  const byKey = new Map<string, DependentPackage>();
  for (const { field, isRuntime, isOptional } of SCOPES) {
    for (const [name, req] of entriesOf(json[field])) {
      // An optionalDependencies entry overrides a same-name dependencies entry, as npm does.
      const key = field === 'optionalDependencies' ? `dependencies:${name}` : `${field}:${name}`;
      byKey.set(
        key,
        npmDependency(name, asText(req), field, { is_runtime: isRuntime, is_optional: isOptional }),
      );
    }
  }
  for (const name of asTextList(json.bundleDependencies ?? json.bundledDependencies)) {
    byKey.set(`bundled:${name}`, npmDependency(name, null, 'bundledDependencies'));
  }
  for (const [name, req] of entriesOf(json.resolutions)) {
    byKey.set(`resolutions:${name}`, npmDependency(name, asText(req), 'resolutions', { is_pinned: true }));
  }
  return [...byKey.values()];
}

function parsePackageJson({ path, content }: DatafileInput): PackageData[] {
  const json = asDict(JSON.parse(decodeText(content)));
  if (!json) {
    throw new Error('package.json is not a JSON object');
  }
  const fullName = asText(json.name);
  const { namespace, name } = fullName ? splitScopedName(fullName) : { namespace: null, name: null };
  const version = asText(json.version);
  const bugs = asDict(json.bugs);
  const extraData: Dict = {};
  const workspaces = Array.isArray(json.workspaces) ? json.workspaces : asDict(json.workspaces)?.packages;
  if (workspaces) {
    extraData.workspaces = workspaces;
  }
  const dist = asDict(json.dist);
  return [
    makePackageData({
      datasource_id: 'npm_package_json',
      type: 'npm',
      namespace,
      name,
      version,
      primary_language: 'JavaScript',
      description: asText(json.description),
      keywords: asTextList(json.keywords),
      homepage_url: asText(json.homepage),
      bug_tracking_url: bugs ? asText(bugs.url) : asText(json.bugs),
      vcs_url: npmVcsUrl(json.repository),
      parties: parties(json),
      is_private: json.private === true,
      ...(name ? npmUrls(namespace, name, version) : {}),
      ...(dist
        ? {
            ...integrityHashes(dist.integrity),
            sha1: asText(dist.shasum),
            download_url: asText(dist.tarball),
          }
        : {}),
      ...declaredLicenseFields(licenseValue(json), path),
      dependencies: declaredNpmDependencies(json),
      extra_data: extraData,
    }),
  ];
}

function licenseValue(json: Dict): unknown {
  const items = [json.license, ...asArray(json.licenses)].filter(
    (v) => v !== undefined && v !== null && v !== '',
  );
  if (items.length === 0) {
    return null;
  }
  return items.length === 1 ? items[0] : items;
}

export const npmPackageJsonHandler: DatafileHandler = {
  datasourceId: 'npm_package_json',
  packageType: 'npm',
  patterns: ['*/package.json'],
  parse: parsePackageJson,
};
