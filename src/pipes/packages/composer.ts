import type { DatafileHandler, DatafileInput } from './handler';
import { asArray, asDict, asText, asTextList, decodeText, entriesOf, type Dict } from './fields';
import { declaredLicenseFields } from './licensing';
import {
  makeDependency,
  makePackageData,
  makeParty,
  type DependentPackage,
  type PackageData,
} from './models';
import { buildPurl } from './purl';

// composer.json sections, their runtime and optional flags as ScanCode sets them.
const SECTIONS: Array<[string, boolean, boolean]> = [
  ['require', true, false],
  ['require-dev', false, true],
  ['provide', true, false],
  ['conflict', true, true],
  ['replace', true, true],
  ['suggest', true, true],
];

function splitName(full: string): { namespace: string | null; name: string } {
  const [ns, name] = full.includes('/') ? full.split('/', 2) : [null, full];
  return { namespace: ns ?? null, name: name ?? full };
}

function composerUrls(full: string): Partial<PackageData> {
  return {
    repository_homepage_url: `https://packagist.org/packages/${full}`,
    api_data_url: `https://packagist.org/p/packages/${full}.json`,
  };
}

function composerDeps(json: Dict): DependentPackage[] {
  const deps: DependentPackage[] = [];
  for (const [section, isRuntime, isOptional] of SECTIONS) {
    for (const [full, req] of entriesOf(json[section])) {
      // Platform requirements (php, ext-*) are not packages.
      if (!full.includes('/')) {
        continue;
      }
      const requirement = asText(req);
      const exact = requirement && /^v?\d+(\.\d+)*$/.test(requirement) ? requirement : null;
      deps.push(
        makeDependency({
          purl: buildPurl({ type: 'composer', ...splitName(full), version: exact }),
          extracted_requirement: requirement,
          scope: section,
          is_runtime: isRuntime,
          is_optional: isOptional,
          is_pinned: exact !== null,
        }),
      );
    }
  }
  return deps;
}

function composerPackage(json: Dict, datasourceId: string, path: string | null): PackageData {
  const full = asText(json.name);
  const version = asText(json.version);
  const support = asDict(json.support) ?? {};
  const source = asDict(json.source);
  const dist = asDict(json.dist);
  return makePackageData({
    datasource_id: datasourceId,
    type: 'composer',
    ...(full ? splitName(full) : {}),
    version,
    primary_language: 'PHP',
    description: asText(json.description),
    keywords: asTextList(json.keywords),
    homepage_url: asText(json.homepage),
    bug_tracking_url: asText(support.issues),
    code_view_url: asText(support.source),
    vcs_url: source
      ? `${asText(source.type) ?? 'git'}+${asText(source.url) ?? ''}${asText(source.reference) ? `@${asText(source.reference)}` : ''}`
      : null,
    download_url: asText(dist?.url),
    sha1: asText(dist?.shasum),
    release_date: asText(json.time)?.slice(0, 10) ?? null,
    parties: asArray(json.authors).map((a) => {
      const d = asDict(a) ?? {};
      return makeParty(
        asText(d.role)?.toLowerCase() ?? 'author',
        asText(d.name),
        asText(d.email),
        asText(d.homepage),
      );
    }),
    ...(full ? composerUrls(full) : {}),
    ...(path !== null || json.license !== undefined ? declaredLicenseFields(json.license ?? null, path) : {}),
    dependencies: composerDeps(json),
  });
}

function parseComposerJson({ path, content }: DatafileInput): PackageData[] {
  const json = asDict(JSON.parse(decodeText(content)));
  if (!json) {
    throw new Error('composer.json is not a JSON object');
  }
  return [composerPackage(json, 'php_composer_json', path)];
}

function parseComposerLock({ content }: DatafileInput): PackageData[] {
  const json = asDict(JSON.parse(decodeText(content))) ?? {};
  const dependencies: DependentPackage[] = [];
  for (const [section, isRuntime] of [
    ['packages', true],
    ['packages-dev', false],
  ] as const) {
    for (const item of asArray(json[section])) {
      const entry = asDict(item) ?? {};
      const resolved = composerPackage(entry, 'php_composer_lock', null);
      if (!resolved.purl) {
        continue;
      }
      dependencies.push(
        makeDependency({
          purl: resolved.purl,
          extracted_requirement: resolved.version,
          scope: section === 'packages' ? 'require' : 'require-dev',
          is_runtime: isRuntime,
          is_optional: !isRuntime,
          is_pinned: true,
          is_direct: false,
          resolved_package: resolved,
        }),
      );
    }
  }
  return [
    makePackageData({
      datasource_id: 'php_composer_lock',
      type: 'composer',
      primary_language: 'PHP',
      dependencies,
    }),
  ];
}

export const composerJsonHandler: DatafileHandler = {
  datasourceId: 'php_composer_json',
  packageType: 'composer',
  patterns: ['*composer.json'],
  parse: parseComposerJson,
};
export const composerLockHandler: DatafileHandler = {
  datasourceId: 'php_composer_lock',
  packageType: 'composer',
  patterns: ['*composer.lock'],
  parse: parseComposerLock,
};
