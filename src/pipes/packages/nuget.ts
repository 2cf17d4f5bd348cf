import { XMLParser } from 'fast-xml-parser';
import type { DatafileHandler, DatafileInput } from './handler';
import { asArray, asDict, asText, decodeText, entriesOf, type Dict } from './fields';
import { declaredLicenseFields } from './licensing';
import {
  makeDependency,
  makePackageData,
  makeParty,
  type DependentPackage,
  type PackageData,
} from './models';
import { buildPurl } from './purl';

// Repeated elements are always arrays; `package` only under packages.config's <packages> root.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  isArray: (name, jpath) =>
    ['dependency', 'group', 'PackageReference', 'ItemGroup'].includes(name) ||
    String(jpath) === 'packages.package',
});

function nugetUrls(name: string, version: string | null): Partial<PackageData> {
  return {
    repository_homepage_url: version
      ? `https://www.nuget.org/packages/${name}/${version}`
      : `https://www.nuget.org/packages/${name}`,
    repository_download_url: version ? `https://www.nuget.org/api/v2/package/${name}/${version}` : null,
    api_data_url: version
      ? `https://api.nuget.org/v3/registration3/${name.toLowerCase()}/${version}.json`
      : null,
  };
}

function nugetDependency(
  name: string,
  requirement: string | null,
  scope: string,
  extra: Partial<DependentPackage> = {},
): DependentPackage {
  // "[1.2.3]" is NuGet's exact version; a bare "1.2.3" means ">= 1.2.3".
  const exact = /^\[([^,\]]+)\]$/.exec(requirement ?? '')?.[1] ?? null;
  return makeDependency({
    purl: buildPurl({ type: 'nuget', namespace: null, name, version: exact }),
    extracted_requirement: requirement,
    scope,
    is_pinned: exact !== null,
    ...extra,
  });
}

function parseNuspec({ path, content }: DatafileInput): PackageData[] {
  const meta = asDict(asDict(asDict(xml.parse(decodeText(content)) as unknown)?.package)?.metadata);
  if (!meta) {
    throw new Error('nuspec without <package><metadata>');
  }
  const text = (v: unknown): string | null => asText(v) ?? asText(asDict(v)?.['#text']);
  const name = text(meta.id);
  const version = text(meta.version);
  const dependencies: DependentPackage[] = [];
  const depsNode = asDict(meta.dependencies) ?? {};
  const groups = [...asArray(depsNode.group), { dependency: depsNode.dependency }];
  for (const group of groups) {
    const g = asDict(group) ?? {};
    for (const dep of asArray(g.dependency)) {
      const d = asDict(dep) ?? {};
      const depName = asText(d['@id']);
      if (depName) {
        dependencies.push(
          nugetDependency(depName, asText(d['@version']), 'dependency', {
            extra_data: asText(g['@targetFramework']) ? { framework: asText(g['@targetFramework']) } : {},
          }),
        );
      }
    }
  }
  const license = asDict(meta.license);
  const repository = asDict(meta.repository);
  return [
    makePackageData({
      datasource_id: 'nuget_nupsec',
      type: 'nuget',
      name,
      version,
      primary_language: 'C#',
      description: [text(meta.summary), text(meta.description)].filter(Boolean).join('\n') || null,
      homepage_url: text(meta.projectUrl),
      vcs_url: asText(repository?.['@url']),
      copyright: text(meta.copyright),
      parties: [
        ...(text(meta.authors) ? [makeParty('author', text(meta.authors))] : []),
        ...(text(meta.owners) ? [makeParty('owner', text(meta.owners))] : []),
      ],
      ...(name ? nugetUrls(name, version) : {}),
      ...declaredLicenseFields(license ? asText(license['#text']) : text(meta.licenseUrl), path),
      dependencies,
    }),
  ];
}

export const nuspecHandler: DatafileHandler = {
  datasourceId: 'nuget_nupsec',
  packageType: 'nuget',
  patterns: ['*.nuspec'],
  parse: parseNuspec,
};

function parsePackagesConfig({ content }: DatafileInput): PackageData[] {
  const root = asDict(asDict(xml.parse(decodeText(content)) as unknown)?.packages) ?? {};
  const dependencies = asArray(root.package).map((p) => {
    const d = asDict(p) ?? {};
    const version = asText(d['@version']);
    const dev = asText(d['@developmentDependency']) === 'true';
    return makeDependency({
      purl: buildPurl({ type: 'nuget', namespace: null, name: asText(d['@id']) ?? '', version }),
      extracted_requirement: version,
      scope: 'dependency',
      is_pinned: version !== null,
      is_runtime: !dev,
      is_optional: dev,
      extra_data: asText(d['@targetFramework']) ? { framework: asText(d['@targetFramework']) } : {},
    });
  });
  return [
    makePackageData({
      datasource_id: 'nuget_packages_config',
      type: 'nuget',
      primary_language: 'C#',
      dependencies,
    }),
  ];
}

export const packagesConfigHandler: DatafileHandler = {
  datasourceId: 'nuget_packages_config',
  packageType: 'nuget',
  patterns: ['*/packages.config'],
  parse: parsePackagesConfig,
};

function parseProjectFile({ content }: DatafileInput): PackageData[] {
  const project = asDict(asDict(xml.parse(decodeText(content)) as unknown)?.Project) ?? {};
  const dependencies: DependentPackage[] = [];
  let name: string | null = null;
  let version: string | null = null;
  for (const [key, value] of entriesOf(project)) {
    if (key === 'PropertyGroup') {
      for (const group of Array.isArray(value) ? value : [value]) {
        const g = asDict(group) ?? {};
        name ??= asText(g.PackageId) ?? asText(g.AssemblyName);
        version ??= asText(g.Version) ?? asText(g.PackageVersion);
      }
    }
  }
  for (const group of asArray(project.ItemGroup)) {
    for (const ref of asArray(asDict(group)?.PackageReference)) {
      const r = asDict(ref) as Dict;
      const refName = asText(r['@Include']) ?? asText(r['@Update']);
      const requirement = asText(r['@Version']) ?? asText(r.Version);
      if (refName) {
        dependencies.push(
          nugetDependency(refName, requirement, 'PackageReference', {
            is_pinned: requirement !== null && /^\d[\w.-]*$/.test(requirement),
          }),
        );
      }
    }
  }
  return [
    makePackageData({
      datasource_id: 'nuget_csproj',
      type: 'nuget',
      name,
      version,
      primary_language: 'C#',
      dependencies,
    }),
  ];
}

export const csprojHandler: DatafileHandler = {
  datasourceId: 'nuget_csproj',
  packageType: 'nuget',
  patterns: ['*.csproj', '*.vbproj', '*.fsproj'],
  parse: parseProjectFile,
};

function parsePackagesLock({ content }: DatafileInput): PackageData[] {
  const json = asDict(JSON.parse(decodeText(content))) ?? {};
  const seen = new Set<string>();
  const dependencies: DependentPackage[] = [];
  for (const [framework, deps] of entriesOf(json.dependencies)) {
    for (const [name, value] of entriesOf(deps)) {
      const d = asDict(value) ?? {};
      const version = asText(d.resolved);
      if (!version || seen.has(`${name}@${version}`) || asText(d.type) === 'Project') {
        continue;
      }
      seen.add(`${name}@${version}`);
      dependencies.push(
        makeDependency({
          purl: buildPurl({ type: 'nuget', namespace: null, name, version }),
          extracted_requirement: asText(d.requested) ?? version,
          scope: 'dependency',
          is_pinned: true,
          is_direct: asText(d.type) === 'Direct',
          extra_data: { framework, sha512: asText(d.contentHash) },
        }),
      );
    }
  }
  return [
    makePackageData({
      datasource_id: 'nuget_packages_lock',
      type: 'nuget',
      primary_language: 'C#',
      dependencies,
    }),
  ];
}

export const nugetPackagesLockHandler: DatafileHandler = {
  datasourceId: 'nuget_packages_lock',
  packageType: 'nuget',
  patterns: ['*packages.lock.json'],
  parse: parsePackagesLock,
};
