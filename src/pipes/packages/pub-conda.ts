import { parse as parseYaml } from 'yaml';
import type { DatafileHandler, DatafileInput } from './handler';
import { asArray, asDict, asText, asTextList, decodeText, entriesOf } from './fields';
import { declaredLicenseFields } from './licensing';
import {
  makeDependency,
  makePackageData,
  makeParty,
  type DependentPackage,
  type PackageData,
} from './models';
import { buildPurl } from './purl';
import { pypiDependency } from './pypi-requirement';

function pubDependencies(table: unknown, scope: string, isRuntime: boolean): DependentPackage[] {
  return entriesOf(table).map(([name, spec]) => {
    const requirement =
      asText(spec) ??
      asText(asDict(spec)?.version) ??
      (asDict(spec)?.sdk ? `sdk: ${asText(asDict(spec)?.sdk)}` : null);
    const exact = requirement && /^\d+\.\d+\.\d+\S*$/.test(requirement) ? requirement : null;
    return makeDependency({
      purl: buildPurl({ type: 'pub', namespace: null, name, version: exact }),
      extracted_requirement: requirement,
      scope,
      is_runtime: isRuntime,
      is_optional: !isRuntime,
      is_pinned: exact !== null,
    });
  });
}

function parsePubspecYaml({ path, content }: DatafileInput): PackageData[] {
  const doc = asDict(parseYaml(decodeText(content))) ?? {};
  const name = asText(doc.name);
  const version = asText(doc.version);
  return [
    makePackageData({
      datasource_id: 'pubspec_yaml',
      type: 'pub',
      name,
      version,
      primary_language: 'dart',
      description: asText(doc.description),
      homepage_url: asText(doc.homepage),
      vcs_url: asText(doc.repository),
      bug_tracking_url: asText(doc.issue_tracker),
      parties: [...asTextList(doc.authors), ...asTextList(doc.author)].map((a) => makeParty('author', a)),
      repository_homepage_url: name ? `https://pub.dev/packages/${name}` : null,
      api_data_url: name ? `https://pub.dev/api/packages/${name}` : null,
      ...declaredLicenseFields(asText(doc.license), path),
      dependencies: [
        ...pubDependencies(doc.dependencies, 'dependencies', true),
        ...pubDependencies(doc.dev_dependencies, 'dev_dependencies', false),
        ...pubDependencies(doc.dependency_overrides, 'dependency_overrides', true),
        ...pubDependencies(doc.environment, 'environment', true),
      ],
    }),
  ];
}

function parsePubspecLock({ content }: DatafileInput): PackageData[] {
  const doc = asDict(parseYaml(decodeText(content))) ?? {};
  const dependencies = entriesOf(doc.packages).map(([name, value]) => {
    const entry = asDict(value) ?? {};
    const version = asText(entry.version);
    const kind = asText(entry.dependency) ?? '';
    const isDev = kind.includes('dev');
    return makeDependency({
      purl: buildPurl({ type: 'pub', namespace: null, name, version }),
      extracted_requirement: version,
      scope: kind || 'dependencies',
      is_runtime: !isDev,
      is_optional: isDev,
      is_pinned: true,
      is_direct: kind.startsWith('direct'),
      extra_data: { sha256: asText(asDict(entry.description)?.sha256) },
    });
  });
  return [
    makePackageData({ datasource_id: 'pubspec_lock', type: 'pub', primary_language: 'dart', dependencies }),
  ];
}

export const pubspecYamlHandler: DatafileHandler = {
  datasourceId: 'pubspec_yaml',
  packageType: 'pub',
  patterns: ['*pubspec.yaml'],
  parse: parsePubspecYaml,
};
export const pubspecLockHandler: DatafileHandler = {
  datasourceId: 'pubspec_lock',
  packageType: 'pub',
  patterns: ['*pubspec.lock'],
  parse: parsePubspecLock,
};

function condaDependency(spec: string, scope: string): DependentPackage {
  // Conda match specs: "name", "name 1.2", "name >=1.2", "name=1.2=build", "channel::name".
  const cleaned = spec.replace(/^[\w.-]+::/, '').trim();
  const m = /^([A-Za-z0-9_.-]+)\s*(.*)$/.exec(cleaned);
  const name = m?.[1] ?? cleaned;
  const requirement = (m?.[2] ?? '').trim() || null;
  const exact =
    requirement &&
    /^=?=?\d[\w.]*$/.test(requirement.split('=').filter(Boolean)[0] ?? '') &&
    !/[<>*]/.test(requirement)
      ? (requirement.replace(/^=+/, '').split('=')[0] ?? null)
      : null;
  return makeDependency({
    purl: buildPurl({ type: 'conda', namespace: null, name, version: exact }),
    extracted_requirement: requirement,
    scope,
    is_pinned: exact !== null,
  });
}

// conda-build recipes are Jinja templates: template lines are dropped, `{{ var }}` values kept as text.
function parseMetaYaml({ path, content }: DatafileInput): PackageData[] {
  const text = decodeText(content);
  const vars = new Map(
    [...text.matchAll(/\{%\s*set\s+(\w+)\s*=\s*["']([^"']*)["']\s*%\}/g)].map((m) => [
      m[1] ?? '',
      m[2] ?? '',
    ]),
  );
  const rendered = text
    .split('\n')
    .filter((l) => !/^\s*\{%.*%\}\s*$/.test(l))
    .join('\n')
    .replace(/\{\{\s*(\w+)(?:\s*\|[^}]*)?\s*\}\}/g, (_, v: string) => vars.get(v) ?? v)
    .replace(/\s+#\s*\[[^\]]*\]/g, '');
  const doc = asDict(parseYaml(rendered)) ?? {};
  const pkg = asDict(doc.package) ?? {};
  const about = asDict(doc.about) ?? {};
  const source = asDict(doc.source) ?? {};
  const requirements = asDict(doc.requirements) ?? {};
  const dependencies = ['build', 'host', 'run'].flatMap((scope) =>
    asTextList(requirements[scope]).map((r) => condaDependency(r, scope)),
  );
  return [
    makePackageData({
      datasource_id: 'conda_meta_yaml',
      type: 'conda',
      name: asText(pkg.name),
      version: asText(pkg.version),
      description: asText(about.summary) ?? asText(about.description),
      homepage_url: asText(about.home),
      vcs_url: asText(about.dev_url),
      download_url: asText(source.url),
      sha256: asText(source.sha256),
      ...declaredLicenseFields(asText(about.license), path),
      dependencies: dependencies.map((d) => ({
        ...d,
        is_runtime: d.scope === 'run',
        is_optional: d.scope !== 'run',
      })),
    }),
  ];
}

function parseEnvironmentYml({ content }: DatafileInput): PackageData[] {
  const doc = asDict(parseYaml(decodeText(content))) ?? {};
  const dependencies: DependentPackage[] = [];
  for (const item of asArray(doc.dependencies)) {
    const spec = asText(item);
    if (spec) {
      dependencies.push(condaDependency(spec, 'dependencies'));
    }
    for (const pip of asTextList(asDict(item)?.pip)) {
      const dep = pypiDependency(pip, 'dependencies');
      if (dep) {
        dependencies.push(dep);
      }
    }
  }
  return [
    makePackageData({
      datasource_id: 'conda_yaml',
      type: 'conda',
      primary_language: 'Python',
      extra_data: { environment: asText(doc.name) },
      dependencies,
    }),
  ];
}

export const condaMetaYamlHandler: DatafileHandler = {
  datasourceId: 'conda_meta_yaml',
  packageType: 'conda',
  patterns: ['*/meta.yaml'],
  parse: parseMetaYaml,
};
export const condaYamlHandler: DatafileHandler = {
  datasourceId: 'conda_yaml',
  packageType: 'pypi',
  patterns: ['*conda.yaml', '*conda.yml', '*environment.yml', '*environment.yaml'],
  parse: parseEnvironmentYml,
};
