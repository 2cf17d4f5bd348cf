import { parse as parseToml } from 'smol-toml';
import type { DatafileHandler, DatafileInput } from './handler';
import { asArray, asDict, asText, asTextList, decodeText, entriesOf, type Dict } from './fields';
import { declaredLicenseFields } from './licensing';
import { makeDependency, makePackageData, type DependentPackage, type PackageData } from './models';
import { parsePerson } from './npm';
import { buildPurl } from './purl';
import { makeParty } from './models';

/** Returns the crates.io URLs ScanCode derives for a crate. */
export function cargoUrls(name: string, version: string | null): Partial<PackageData> {
  return {
    repository_homepage_url: `https://crates.io/crates/${name}`,
    repository_download_url: version ? `https://crates.io/api/v1/crates/${name}/${version}/download` : null,
    download_url: version ? `https://crates.io/api/v1/crates/${name}/${version}/download` : null,
    api_data_url: `https://crates.io/api/v1/crates/${name}`,
  };
}

function cargoDeps(table: unknown, scope: string, isRuntime: boolean): DependentPackage[] {
  return entriesOf(table).map(([key, spec]) => {
    const dict = asDict(spec);
    const crate = asText(dict?.package) ?? key;
    const requirement = dict ? asText(dict.version) : asText(spec);
    const exact = requirement && /^=\s*\d/.test(requirement) ? requirement.replace(/^=\s*/, '') : null;
    return makeDependency({
      purl: buildPurl({ type: 'cargo', namespace: null, name: crate, version: exact }),
      extracted_requirement: requirement,
      scope,
      is_runtime: isRuntime,
      is_optional: dict?.optional === true || !isRuntime,
      is_pinned: exact !== null,
    });
  });
}

// Workspace members inherit `field.workspace = true` values from the workspace root; we keep them null.
function inherited(value: unknown): unknown {
  return asDict(value)?.workspace === true ? null : value;
}

function parseCargoToml({ path, content }: DatafileInput): PackageData[] {
  const doc = parseToml(decodeText(content)) as Dict;
  const pkg = asDict(doc.package) ?? asDict(doc.project) ?? {};
  const name = asText(pkg.name);
  const version = asText(inherited(pkg.version));
  const dependencies = [
    ...cargoDeps(doc.dependencies, 'dependencies', true),
    ...cargoDeps(doc['dev-dependencies'], 'dev-dependencies', false),
    ...cargoDeps(doc['build-dependencies'], 'build-dependencies', false),
  ];
  for (const [, target] of entriesOf(doc.target)) {
    const t = asDict(target) ?? {};
    dependencies.push(
      ...cargoDeps(t.dependencies, 'dependencies', true),
      ...cargoDeps(t['dev-dependencies'], 'dev-dependencies', false),
    );
  }
  const license = asText(inherited(pkg.license));
  const licenseFile = asText(inherited(pkg['license-file']));
  const workspace = asDict(doc.workspace);
  return [
    makePackageData({
      datasource_id: 'cargo_toml',
      type: 'cargo',
      name,
      version,
      primary_language: 'Rust',
      description: asText(inherited(pkg.description)),
      keywords: [...asTextList(inherited(pkg.keywords)), ...asTextList(inherited(pkg.categories))],
      homepage_url: asText(inherited(pkg.homepage)),
      vcs_url: asText(inherited(pkg.repository)),
      parties: asTextList(inherited(pkg.authors)).map((a) => {
        const p = parsePerson(a);
        return makeParty('author', p.name, p.email);
      }),
      ...(name ? cargoUrls(name, version) : {}),
      ...declaredLicenseFields(license ?? (licenseFile ? `SEE LICENSE IN ${licenseFile}` : null), path),
      extra_data: workspace ? { workspace: { members: asArray(workspace.members) } } : {},
      dependencies,
    }),
  ];
}

function parseCargoLock({ content }: DatafileInput): PackageData[] {
  const doc = parseToml(decodeText(content)) as Dict;
  const dependencies = asArray(doc.package).map((item) => {
    const p = asDict(item) ?? {};
    const name = asText(p.name) ?? '';
    const version = asText(p.version);
    const resolved = makePackageData({
      datasource_id: 'cargo_lock',
      type: 'cargo',
      name,
      version,
      primary_language: 'Rust',
      sha256: asText(p.checksum),
      ...cargoUrls(name, version),
      dependencies: asTextList(p.dependencies).map((d) => {
        const [depName = d, depVersion = null] = d.split(' ');
        return makeDependency({
          purl: buildPurl({ type: 'cargo', namespace: null, name: depName, version: depVersion }),
          extracted_requirement: depVersion,
          scope: 'dependencies',
          is_pinned: depVersion !== null,
        });
      }),
    });
    return makeDependency({
      purl: buildPurl({ type: 'cargo', namespace: null, name, version }),
      extracted_requirement: version,
      scope: 'dependencies',
      is_pinned: true,
      is_direct: false,
      resolved_package: resolved,
    });
  });
  return [
    makePackageData({ datasource_id: 'cargo_lock', type: 'cargo', primary_language: 'Rust', dependencies }),
  ];
}

export const cargoTomlHandler: DatafileHandler = {
  datasourceId: 'cargo_toml',
  packageType: 'cargo',
  patterns: ['*/Cargo.toml', '*/cargo.toml'],
  parse: parseCargoToml,
};
export const cargoLockHandler: DatafileHandler = {
  datasourceId: 'cargo_lock',
  packageType: 'cargo',
  patterns: ['*/Cargo.lock', '*/cargo.lock'],
  parse: parseCargoLock,
};
