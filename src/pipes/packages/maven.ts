import { XMLParser } from 'fast-xml-parser';
import type { DatafileHandler, DatafileInput } from './handler';
import { asArray, asDict, asText, decodeText, type Dict } from './fields';
import { declaredLicenseFields } from './licensing';
import {
  makeDependency,
  makePackageData,
  makeParty,
  type DependentPackage,
  type PackageData,
  type Party,
} from './models';
import { buildPurl } from './purl';
import { parseHeaderBlock, fieldValue } from './rfc822';

// Keep every text value a string: "1.10" must not become the number 1.1.
const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  removeNSPrefix: true,
});

/** Returns the Maven Central URLs ScanCode derives for a Maven coordinate. */
export function mavenUrls(
  group: string | null,
  artifact: string,
  version: string | null,
): Partial<PackageData> {
  if (!group) {
    return {};
  }
  const base = `https://repo1.maven.org/maven2/${group.replace(/\./g, '/')}/${artifact}`;
  return {
    repository_homepage_url: version ? `${base}/${version}/` : `${base}/`,
    repository_download_url: version ? `${base}/${version}/${artifact}-${version}.jar` : null,
    api_data_url: version ? `${base}/${version}/${artifact}-${version}.pom` : null,
  };
}

function resolver(props: Map<string, string>) {
  return (value: unknown): string | null => {
    const text = asText(value);
    if (!text) {
      return null;
    }
    let out = text;
    for (let depth = 0; depth < 5 && out.includes('${'); depth++) {
      out = out.replace(/\$\{([^}]+)\}/g, (whole, key: string) => props.get(key) ?? whole);
    }
    return out;
  };
}

function pomDependency(dep: Dict, resolve: (v: unknown) => string | null): DependentPackage | null {
  const group = resolve(dep.groupId);
  const artifact = resolve(dep.artifactId);
  if (!artifact) {
    return null;
  }
  const version = resolve(dep.version);
  const scope = resolve(dep.scope) ?? 'compile';
  const isPinned = version !== null && !/[[\](),$]/.test(version);
  const qualifiers: Record<string, string> = {};
  const classifier = resolve(dep.classifier);
  const type = resolve(dep.type);
  if (classifier) {
    qualifiers.classifier = classifier;
  }
  if (type && type !== 'jar') {
    qualifiers.type = type;
  }
  return makeDependency({
    purl: buildPurl({
      type: 'maven',
      namespace: group,
      name: artifact,
      version: isPinned ? version : null,
      qualifiers,
    }),
    extracted_requirement: version,
    scope,
    // ScanCode's maven handler sets these flags this way, including compile scope counted optional.
    is_runtime: ['runtime', 'system', 'provided'].includes(scope),
    is_optional: ['test', 'compile'].includes(scope) || resolve(dep.optional) === 'true',
    is_pinned: isPinned,
  });
}

function parsePom({ path, content }: DatafileInput): PackageData[] {
  const root = asDict(xml.parse(decodeText(content)) as unknown);
  const project = asDict(root?.project);
  if (!project) {
    throw new Error('not a Maven POM: no <project> element');
  }
  const parent = asDict(project.parent) ?? {};
  const props = new Map<string, string>();
  for (const [k, v] of Object.entries(asDict(project.properties) ?? {})) {
    const t = asText(v);
    if (t) {
      props.set(k, t);
    }
  }
  const group = asText(project.groupId) ?? asText(parent.groupId);
  const artifact = asText(project.artifactId);
  const version = asText(project.version) ?? asText(parent.version);
  for (const [k, v] of [
    ['project.groupId', group],
    ['project.artifactId', artifact],
    ['project.version', version],
    ['pom.version', version],
    ['version', version],
    ['project.parent.version', asText(parent.version)],
  ] as const) {
    if (v && !props.has(k)) {
      props.set(k, v);
    }
  }
  const resolve = resolver(props);
  const licenseList = listOf(asDict(project.licenses)?.license)
    .map((l) => asDict(l))
    .filter((l): l is Dict => l !== undefined)
    .map((l) =>
      Object.fromEntries(
        ['name', 'url', 'comments'].filter((k) => asText(l[k])).map((k) => [k, asText(l[k])]),
      ),
    );
  const dependencies = listOf(asDict(project.dependencies)?.dependency)
    .map((d) => asDict(d))
    .filter((d): d is Dict => d !== undefined)
    .map((d) => pomDependency(d, resolve))
    .filter((d): d is DependentPackage => d !== null);
  const scm = asDict(project.scm) ?? {};
  const packaging = resolve(project.packaging);
  const qualifiers: Record<string, string> =
    packaging && !['jar', 'pom', 'bundle', 'maven-plugin'].includes(packaging) ? { type: packaging } : {};
  const resolvedVersion = resolve(version);
  const resolvedGroup = resolve(group);
  return [
    makePackageData({
      datasource_id: 'maven_pom',
      type: 'maven',
      namespace: resolvedGroup,
      name: resolve(artifact),
      version: resolvedVersion,
      qualifiers,
      primary_language: 'Java',
      description: [resolve(project.name), resolve(project.description)].filter(Boolean).join('\n') || null,
      homepage_url: resolve(project.url),
      vcs_url: vcsFromScm(resolve(scm.connection) ?? resolve(scm.developerConnection)),
      code_view_url: resolve(scm.url),
      bug_tracking_url: resolve(asDict(project.issueManagement)?.url),
      parties: pomParties(project, resolve),
      ...(artifact ? mavenUrls(resolvedGroup, resolve(artifact) ?? artifact, resolvedVersion) : {}),
      ...declaredLicenseFields(licenseList.length > 0 ? licenseList : null, path),
      source_packages:
        resolvedGroup && artifact && resolvedVersion
          ? [
              buildPurl({
                type: 'maven',
                namespace: resolvedGroup,
                name: artifact,
                version: resolvedVersion,
                qualifiers: { classifier: 'sources' },
              }),
            ]
          : [],
      dependencies,
    }),
  ];
}

// An XML element repeated once parses as a value, repeated more as an array.
function listOf(node: unknown): unknown[] {
  if (node === undefined || node === null || node === '') {
    return [];
  }
  return Array.isArray(node) ? asArray(node) : [node];
}

function vcsFromScm(connection: string | null): string | null {
  // "scm:git:https://…" becomes "git+https://…" as in ScanCode.
  const m = /^scm:([^:]+):(.+)$/.exec(connection ?? '');
  return m ? `${m[1]}+${m[2]}` : connection;
}

function pomParties(project: Dict, resolve: (v: unknown) => string | null): Party[] {
  const parties: Party[] = [];
  for (const [container, item, role] of [
    ['developers', 'developer', 'developer'],
    ['contributors', 'contributor', 'contributor'],
  ] as const) {
    for (const p of listOf(asDict(project[container])?.[item])) {
      const d = asDict(p) ?? {};
      parties.push(makeParty(role, resolve(d.name) ?? resolve(d.id), resolve(d.email), resolve(d.url)));
    }
  }
  const org = asDict(project.organization);
  if (org && (resolve(org.name) || resolve(org.url))) {
    parties.push({
      type: 'organization',
      role: 'owner',
      name: resolve(org.name),
      email: null,
      url: resolve(org.url),
    });
  }
  return parties;
}

export const mavenPomHandler: DatafileHandler = {
  datasourceId: 'maven_pom',
  packageType: 'maven',
  patterns: ['*.pom', '*pom.xml'],
  parse: parsePom,
};

function parseManifest({ path, content }: DatafileInput): PackageData[] {
  // Manifest lines wrap at 72 bytes with a single leading space that is not part of the value.
  const text = decodeText(content).replace(/\r?\n /g, '');
  const { fields } = parseHeaderBlock(text);
  const get = (k: string): string | null => fieldValue(fields, k);
  const isOsgi = get('Bundle-SymbolicName') !== null;
  const name = isOsgi
    ? ((get('Bundle-SymbolicName') ?? '').split(';')[0]?.trim() ?? null)
    : (get('Implementation-Title') ?? get('Specification-Title'));
  const version = isOsgi
    ? get('Bundle-Version')
    : (get('Implementation-Version') ?? get('Specification-Version'));
  const vendor = get('Bundle-Vendor') ?? get('Implementation-Vendor') ?? get('Specification-Vendor');
  const license = get('Bundle-License');
  return [
    makePackageData({
      datasource_id: isOsgi ? 'java_osgi_manifest' : 'java_jar_manifest',
      type: isOsgi ? 'osgi' : 'jar',
      namespace: isOsgi ? null : get('Implementation-Vendor-Id'),
      name: name || null,
      version,
      primary_language: 'Java',
      description: get('Bundle-Description') ?? get('Bundle-Name'),
      homepage_url: get('Bundle-DocURL') ?? get('Implementation-URL'),
      vcs_url: get('Bundle-SCM'),
      parties: vendor ? [{ type: 'organization', role: 'vendor', name: vendor, email: null, url: null }] : [],
      ...declaredLicenseFields(license, path),
    }),
  ];
}

export const javaManifestHandler: DatafileHandler = {
  datasourceId: 'java_jar_manifest',
  packageType: 'jar',
  patterns: ['*/META-INF/MANIFEST.MF'],
  parse: parseManifest,
};
