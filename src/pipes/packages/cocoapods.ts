import { parse as parseYaml } from 'yaml';
import type { DatafileHandler, DatafileInput } from './handler';
import { asArray, asDict, asText, decodeText, entriesOf } from './fields';
import { declaredLicenseFields } from './licensing';
import {
  makeDependency,
  makePackageData,
  makeParty,
  type DependentPackage,
  type PackageData,
} from './models';
import { buildPurl } from './purl';
import { rubyStrings } from './rubygems';

function podPurl(fullName: string, version: string | null): string {
  // Subspecs ("Firebase/Core") are the purl subpath of their pod.
  const [name = fullName, ...sub] = fullName.split('/');
  return buildPurl({ type: 'cocoapods', namespace: null, name, version, subpath: sub.join('/') || null });
}

function parsePodfileLock({ content }: DatafileInput): PackageData[] {
  const doc = asDict(parseYaml(decodeText(content))) ?? {};
  const checksums = asDict(doc['SPEC CHECKSUMS']) ?? {};
  const direct = new Set(asArray(doc.DEPENDENCIES).map((d) => (asText(d) ?? '').split(' ')[0]));
  const dependencies: DependentPackage[] = [];
  for (const item of asArray(doc.PODS)) {
    const key = typeof item === 'string' ? item : (Object.keys(asDict(item) ?? {})[0] ?? '');
    const m = /^(\S+) \(([^)]+)\)$/.exec(key);
    if (!m?.[1] || !m[2]) {
      continue;
    }
    const subDeps = entriesOf(item).flatMap(([, list]) => asArray(list).map((d) => asText(d) ?? ''));
    const base = m[1].split('/')[0] ?? m[1];
    dependencies.push(
      makeDependency({
        purl: podPurl(m[1], m[2]),
        extracted_requirement: m[2],
        scope: 'requires',
        is_pinned: true,
        is_direct: direct.has(m[1]),
        resolved_package: makePackageData({
          datasource_id: 'cocoapods_podfile_lock',
          type: 'cocoapods',
          name: base,
          version: m[2],
          primary_language: 'Objective-C',
          sha1: asText(checksums[base]),
          dependencies: subDeps.map((d) => {
            const [depName = d, req = null] = d.split(/ \((.*)\)$/);
            return makeDependency({
              purl: podPurl(depName, null),
              extracted_requirement: req,
              scope: 'requires',
            });
          }),
        }),
      }),
    );
  }
  return [
    makePackageData({
      datasource_id: 'cocoapods_podfile_lock',
      type: 'cocoapods',
      primary_language: 'Objective-C',
      dependencies,
      extra_data: { cocoapods: asText(doc.COCOAPODS), podfile_checksum: asText(doc['PODFILE CHECKSUM']) },
    }),
  ];
}

function parsePodspecJson({ path, content }: DatafileInput): PackageData[] {
  const json = asDict(JSON.parse(decodeText(content))) ?? {};
  const name = asText(json.name);
  const version = asText(json.version);
  const source = asDict(json.source) ?? {};
  const license = asDict(json.license)
    ? (asText(asDict(json.license)?.type) ?? asText(asDict(json.license)?.text))
    : asText(json.license);
  const authors = asDict(json.authors)
    ? entriesOf(json.authors).map(([n, e]) => makeParty('author', n, asText(e)))
    : asText(json.authors)
      ? [makeParty('author', asText(json.authors))]
      : [];
  const dependencies = entriesOf(json.dependencies).map(([dep, reqs]) =>
    makeDependency({
      purl: podPurl(dep, null),
      extracted_requirement:
        asArray(reqs)
          .map((r) => asText(r))
          .filter(Boolean)
          .join(', ') || null,
      scope: 'requires',
    }),
  );
  return [
    makePackageData({
      datasource_id: 'cocoapods_podspec_json',
      type: 'cocoapods',
      name,
      version,
      primary_language: 'Objective-C',
      description: asText(json.description) ?? asText(json.summary),
      homepage_url: asText(json.homepage),
      vcs_url: asText(source.git)
        ? `${asText(source.git)}${asText(source.tag) ? `@${asText(source.tag)}` : ''}`
        : null,
      download_url: asText(source.http),
      parties: authors,
      repository_homepage_url: name ? `https://cocoapods.org/pods/${name}` : null,
      ...declaredLicenseFields(license, path),
      dependencies,
    }),
  ];
}

export const podfileLockHandler: DatafileHandler = {
  datasourceId: 'cocoapods_podfile_lock',
  packageType: 'cocoapods',
  patterns: ['*Podfile.lock'],
  parse: parsePodfileLock,
};
export const podspecJsonHandler: DatafileHandler = {
  datasourceId: 'cocoapods_podspec_json',
  packageType: 'cocoapods',
  patterns: ['*.podspec.json'],
  parse: parsePodspecJson,
};

// Podspecs and Podfiles are Ruby: literal values and `dependency`/`pod` lines are read, nothing is run.
function parsePodspec({ path, content }: DatafileInput): PackageData[] {
  const text = decodeText(content);
  const literal = (key: string): string | null => {
    const m = new RegExp(`^\\s*\\w+\\.${key}\\s*=\\s*(["'][^"']*["'])`, 'm').exec(text);
    return m?.[1] ? (rubyStrings(m[1])[0] ?? null) : null;
  };
  const licenseHash = /\.license\s*=\s*\{[^}]*:type\s*=>\s*["']([^"']+)["']/.exec(text)?.[1] ?? null;
  const git = /\.source\s*=\s*\{[^}]*:git\s*=>\s*["']([^"']+)["']/.exec(text)?.[1] ?? null;
  const seen = new Set<string>();
  const dependencies: DependentPackage[] = [];
  for (const m of text.matchAll(/^\s*\w+\.dependency\s+(.+)$/gm)) {
    const [dep, ...reqs] = rubyStrings(m[1] ?? '');
    if (dep && !seen.has(dep)) {
      seen.add(dep);
      dependencies.push(
        makeDependency({
          purl: podPurl(dep, null),
          extracted_requirement: reqs.join(', ') || null,
          scope: 'requires',
        }),
      );
    }
  }
  const name = literal('name');
  return [
    makePackageData({
      datasource_id: 'cocoapods_podspec',
      type: 'cocoapods',
      name,
      version: literal('version'),
      primary_language: 'Objective-C',
      description: literal('summary') ?? literal('description'),
      homepage_url: literal('homepage'),
      vcs_url: git,
      repository_homepage_url: name ? `https://cocoapods.org/pods/${name}` : null,
      ...declaredLicenseFields(licenseHash ?? literal('license'), path),
      dependencies,
    }),
  ];
}

function parsePodfile({ content }: DatafileInput): PackageData[] {
  const dependencies: DependentPackage[] = [];
  for (const m of decodeText(content).matchAll(/^\s*pod\s+(.+)$/gm)) {
    const [dep, ...reqs] = rubyStrings((m[1] ?? '').split(/,\s*:\w+\s*=>/)[0] ?? '');
    if (dep) {
      dependencies.push(
        makeDependency({
          purl: podPurl(dep, null),
          extracted_requirement: reqs.join(', ') || null,
          scope: 'requires',
        }),
      );
    }
  }
  return [
    makePackageData({
      datasource_id: 'cocoapods_podfile',
      type: 'cocoapods',
      primary_language: 'Objective-C',
      dependencies,
    }),
  ];
}

export const podspecHandler: DatafileHandler = {
  datasourceId: 'cocoapods_podspec',
  packageType: 'cocoapods',
  patterns: ['*.podspec'],
  parse: parsePodspec,
};
export const podfileHandler: DatafileHandler = {
  datasourceId: 'cocoapods_podfile',
  packageType: 'cocoapods',
  patterns: ['*Podfile'],
  parse: parsePodfile,
};
