import { parse as parseToml } from 'smol-toml';
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
import { parsePerson } from './npm';
import { buildPurl } from './purl';
import { canonicalPypiName, pypiDependency } from './pypi-requirement';
import { pypiLicenseItems, pypiLicenseStatement, pypiUrls } from './pypi';

function toml(content: Buffer): Dict {
  return parseToml(decodeText(content));
}

function requirementList(
  values: unknown,
  scope: string,
  flags: Partial<DependentPackage> = {},
): DependentPackage[] {
  return asTextList(values)
    .map((r) => pypiDependency(r, scope, flags))
    .filter((d): d is DependentPackage => d !== null);
}

// Poetry writes `requests = "^2.0"` or `requests = { version = "^2.0", optional = true }`.
function poetryDependencies(table: unknown, scope: string, isRuntime: boolean): DependentPackage[] {
  const deps: DependentPackage[] = [];
  for (const [name, spec] of entriesOf(table)) {
    if (name === 'python') {
      continue;
    }
    const dict = asDict(spec);
    const requirement = dict
      ? (asText(dict.version) ?? asText(dict.git) ?? asText(dict.path) ?? asText(dict.url))
      : asText(spec);
    const exact = requirement && /^=?=?\d[\w.+-]*$/.test(requirement) ? requirement.replace(/^=+/, '') : null;
    deps.push(
      makeDependency({
        purl: buildPurl({ type: 'pypi', namespace: null, name: canonicalPypiName(name), version: exact }),
        extracted_requirement: requirement,
        scope,
        is_runtime: isRuntime,
        is_optional: dict?.optional === true || !isRuntime,
        is_pinned: exact !== null,
      }),
    );
  }
  return deps;
}

function pep621Parties(project: Dict): Party[] {
  const out: Party[] = [];
  for (const role of ['authors', 'maintainers']) {
    for (const person of asArray(project[role])) {
      const p = asDict(person);
      out.push(makeParty(role.slice(0, -1), asText(p?.name), asText(p?.email)));
    }
  }
  return out;
}

function parsePyproject({ path, content }: DatafileInput): PackageData[] {
  const doc = toml(content);
  const project = asDict(doc.project) ?? {};
  const poetry = asDict(asDict(doc.tool)?.poetry);
  const isPoetry = poetry !== undefined;
  const meta = isPoetry && !project.name ? poetry : project;
  const rawName = asText(meta.name);
  const name = rawName ? canonicalPypiName(rawName) : null;
  const version = asText(meta.version);
  const dependencies: DependentPackage[] = [...requirementList(project.dependencies, 'install')];
  for (const [extra, reqs] of entriesOf(project['optional-dependencies'])) {
    dependencies.push(...requirementList(reqs, extra, { is_optional: true }));
  }
  for (const [group, reqs] of entriesOf(doc['dependency-groups'])) {
    dependencies.push(...requirementList(reqs, group, { is_runtime: false, is_optional: true }));
  }
  const uv = asDict(asDict(doc.tool)?.uv);
  dependencies.push(
    ...requirementList(uv?.['dev-dependencies'], 'dev', { is_runtime: false, is_optional: true }),
  );
  if (poetry) {
    dependencies.push(...poetryDependencies(poetry.dependencies, 'dependencies', true));
    dependencies.push(...poetryDependencies(poetry['dev-dependencies'], 'dev-dependencies', false));
    for (const [group, table] of entriesOf(poetry.group)) {
      dependencies.push(...poetryDependencies(asDict(table)?.dependencies, group, false));
    }
  }
  const license = asDict(meta.license)
    ? (asText(asDict(meta.license)?.text) ?? asText(asDict(meta.license)?.file))
    : asText(meta.license);
  const statement = pypiLicenseStatement(license, asTextList(meta.classifiers));
  const urls = asDict(project.urls) ?? {};
  const parties =
    isPoetry && meta === poetry
      ? asTextList(poetry.authors).map((a) => {
          const p = parsePerson(a);
          return makeParty('author', p.name, p.email);
        })
      : pep621Parties(project);
  const datasourceId = isPoetry ? 'pypi_poetry_pyproject_toml' : 'pypi_pyproject_toml';
  return [
    makePackageData({
      datasource_id: datasourceId,
      type: 'pypi',
      name,
      version,
      primary_language: 'Python',
      description: asText(meta.description),
      keywords: asTextList(meta.keywords),
      homepage_url: asText(meta.homepage) ?? asText(urls.Homepage) ?? asText(urls.homepage),
      vcs_url: asText(meta.repository) ?? asText(urls.Repository) ?? asText(urls.Source),
      bug_tracking_url: asText(urls.Issues) ?? asText(urls['Bug Tracker']),
      parties,
      ...(name ? pypiUrls(name, version) : {}),
      ...declaredLicenseFields(pypiLicenseItems(statement), path),
      extracted_license_statement: declaredLicenseFields(statement, path).extracted_license_statement,
      extra_data: asText(project['requires-python'])
        ? { python_requires: asText(project['requires-python']) }
        : {},
      dependencies,
    }),
  ];
}

export const pypiPyprojectHandler: DatafileHandler = {
  datasourceId: 'pypi_pyproject_toml',
  packageType: 'pypi',
  patterns: ['*pyproject.toml'],
  parse: parsePyproject,
};

/** Returns lockfile packages (poetry.lock, uv.lock) as pinned dependencies carrying their resolved package. */
function parseTomlLock(datasourceId: string) {
  return ({ content }: DatafileInput): PackageData[] => {
    const doc = toml(content);
    const dependencies: DependentPackage[] = [];
    for (const item of asArray(doc.package)) {
      const pkg = asDict(item) ?? {};
      const rawName = asText(pkg.name);
      const version = asText(pkg.version);
      if (!rawName) {
        continue;
      }
      const name = canonicalPypiName(rawName);
      const source = asDict(pkg.source) ?? {};
      // uv.lock lists the project itself as a virtual or editable source.
      if (source.virtual !== undefined || source.editable !== undefined) {
        continue;
      }
      const groups = asTextList(pkg.groups);
      const category =
        asText(pkg.category) ?? (groups.length > 0 && !groups.includes('main') ? groups.join(',') : 'main');
      const isRuntime = category === 'main';
      const subDeps = Array.isArray(pkg.dependencies)
        ? asArray(pkg.dependencies)
            .map((d) => asText(asDict(d)?.name))
            .filter((n): n is string => n !== null)
            .map((n) => ({ n, req: null as string | null }))
        : entriesOf(pkg.dependencies).map(([n, v]) => ({ n, req: asText(v) ?? asText(asDict(v)?.version) }));
      const sdist = asDict(pkg.sdist);
      const resolved = makePackageData({
        datasource_id: datasourceId,
        type: 'pypi',
        name,
        version,
        primary_language: 'Python',
        description: asText(pkg.description),
        ...pypiUrls(name, version),
        download_url: asText(sdist?.url),
        sha256: asText(sdist?.hash)?.replace(/^sha256:/, '') ?? null,
        dependencies: subDeps.map(({ n, req }) =>
          makeDependency({
            purl: buildPurl({ type: 'pypi', namespace: null, name: canonicalPypiName(n), version: null }),
            extracted_requirement: req,
            scope: 'install',
          }),
        ),
      });
      dependencies.push(
        makeDependency({
          purl: buildPurl({ type: 'pypi', namespace: null, name, version }),
          extracted_requirement: version,
          scope: category,
          is_runtime: isRuntime,
          is_optional: pkg.optional === true || !isRuntime,
          is_pinned: true,
          is_direct: false,
          resolved_package: resolved,
        }),
      );
    }
    return [
      makePackageData({
        datasource_id: datasourceId,
        type: 'pypi',
        primary_language: 'Python',
        dependencies,
      }),
    ];
  };
}

export const poetryLockHandler: DatafileHandler = {
  datasourceId: 'pypi_poetry_lock',
  packageType: 'pypi',
  patterns: ['*poetry.lock'],
  parse: parseTomlLock('pypi_poetry_lock'),
};

export const uvLockHandler: DatafileHandler = {
  datasourceId: 'pypi_uv_lock',
  packageType: 'pypi',
  patterns: ['*uv.lock'],
  parse: parseTomlLock('pypi_uv_lock'),
};

function parsePipfile({ content }: DatafileInput): PackageData[] {
  const doc = toml(content);
  const dependencies = [
    ...poetryDependencies(doc.packages, 'install', true),
    ...poetryDependencies(doc['dev-packages'], 'develop', false),
  ].map((d) => ({
    ...d,
    extracted_requirement: d.extracted_requirement === '*' ? '*' : d.extracted_requirement,
  }));
  return [
    makePackageData({ datasource_id: 'pipfile', type: 'pypi', primary_language: 'Python', dependencies }),
  ];
}

export const pipfileHandler: DatafileHandler = {
  datasourceId: 'pipfile',
  packageType: 'pypi',
  patterns: ['*Pipfile'],
  parse: parsePipfile,
};
