import { stringify as toYaml } from 'yaml';
import type { InputSource } from '../inputs/input-source.entity';
import type { DiscoveredPackage } from '../results/discovered-package.entity';
import { purlOf, type DependencyRow } from '../results/packages.views';
import { NOTICE } from './json-results';
import { collect, type ExportSource } from './source';

export const SPDX_VERSIONS = ['2.3', '2.2'] as const;
export type SpdxVersion = (typeof SPDX_VERSIONS)[number];

/** The SPDX license list that spdx-license-list (license names and texts) ships. */
export const SPDX_LICENSE_LIST_VERSION = '3.28';

const LICENSEDB_URL = 'https://scancode-licensedb.aboutcode.org';

export interface SpdxPackage {
  name: string;
  SPDXID: string;
  downloadLocation: string;
  licenseConcluded: string;
  copyrightText: string;
  filesAnalyzed: boolean;
  versionInfo?: string;
  licenseDeclared?: string;
  homepage?: string;
  packageFileName?: string;
  description?: string;
  releaseDate?: string;
  comment?: string;
  checksums?: { algorithm: string; checksumValue: string }[];
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  attributionTexts?: string[];
}

export interface SpdxRelationship {
  spdxElementId: string;
  relatedSpdxElement: string;
  relationshipType: string;
}

export interface SpdxExtractedLicense {
  licenseId: string;
  extractedText: string;
  name?: string;
  seeAlsos?: string[];
}

export interface SpdxDocument {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[]; licenseListVersion: string };
  packages: SpdxPackage[];
  documentDescribes: string[];
  hasExtractedLicensingInfos?: SpdxExtractedLicense[];
  relationships: SpdxRelationship[];
  comment: string;
}

const DOCUMENT_ID = 'SPDXRef-DOCUMENT';

/** Tag-value fields whose values are free text, written between `<text>` and `</text>`. */
const FREE_TEXT_TAGS = new Set(['DocumentComment', 'PackageCopyrightText', 'PackageDescription', 'PackageComment', 'PackageAttributionText', 'ExtractedText']);

/**
 * The project as an SPDX document, mapped as ScanCode.io maps it: the input (or the project
 * when it has several inputs) is the described root package, every discovered package an
 * SPDX package the root DEPENDS_ON, every dependency a DEPENDENCY_OF relationship from the
 * package it resolved to (or a package of its own) to the package that declares it.
 */
export async function buildSpdxDocument(source: ExportSource, version: SpdxVersion): Promise<SpdxDocument> {
  const { project } = source.record;
  const inputs = source.record.inputs;
  const roots = inputs.map((input) => inputPackage(input));
  let root: SpdxPackage;
  if (roots.length === 1 && roots[0]) {
    root = roots[0];
  } else {
    root = { name: project.name, SPDXID: `SPDXRef-scancodeio-project-${project.uuid}`, downloadLocation: 'NOASSERTION', licenseConcluded: 'NOASSERTION', copyrightText: 'NOASSERTION', filesAnalyzed: false };
    roots.unshift(root);
  }
  const relationships: SpdxRelationship[] = [{ spdxElementId: DOCUMENT_ID, relatedSpdxElement: root.SPDXID, relationshipType: 'DESCRIBES' }];
  for (const other of roots.filter((r) => r !== root)) {
    relationships.push({ spdxElementId: root.SPDXID, relatedSpdxElement: other.SPDXID, relationshipType: 'CONTAINS' });
  }

  const packages = await collect(source.packageBatches());
  const spdxIdOf = new Map<number, string>();
  const spdxPackages: SpdxPackage[] = [];
  const expressions: string[] = [];
  for (const pkg of packages) {
    const entry = packageEntry(pkg, version);
    spdxIdOf.set(pkg.id, entry.SPDXID);
    spdxPackages.push(entry);
    relationships.push({ spdxElementId: root.SPDXID, relatedSpdxElement: entry.SPDXID, relationshipType: 'DEPENDS_ON' });
    expressions.push(entry.licenseConcluded);
  }
  for await (const batch of source.dependencyBatches()) {
    for (const dependency of batch) {
      let child = dependency.resolved_to_package_id === null ? undefined : spdxIdOf.get(dependency.resolved_to_package_id);
      if (!child) {
        const entry = dependencyEntry(dependency, version);
        spdxPackages.push(entry);
        child = entry.SPDXID;
      }
      const parent = (dependency.for_package_id === null ? undefined : spdxIdOf.get(dependency.for_package_id)) ?? root.SPDXID;
      if (parent !== child) {
        relationships.push({ spdxElementId: child, relatedSpdxElement: parent, relationshipType: 'DEPENDENCY_OF' });
      }
    }
  }
  const extracted = extractedLicenses(expressions);
  return {
    spdxVersion: `SPDX-${version}`,
    dataLicense: 'CC0-1.0',
    SPDXID: DOCUMENT_ID,
    name: safeDocumentName(`scancodeio_${project.name}`),
    documentNamespace: `https://scancode.io/spdxdocs/${project.uuid}`,
    creationInfo: {
      created: `${new Date().toISOString().slice(0, 19)}Z`,
      creators: [`Tool: Scanloom-${source.version}`],
      licenseListVersion: SPDX_LICENSE_LIST_VERSION,
    },
    packages: [...roots, ...spdxPackages],
    documentDescribes: [root.SPDXID],
    ...(extracted.length ? { hasExtractedLicensingInfos: extracted } : {}),
    relationships,
    comment: NOTICE,
  };
}

export function spdxJson(document: SpdxDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The document in SPDX tag-value form: creation info, packages, licensing info, relationships. */
export function spdxTagValue(document: SpdxDocument): string {
  const lines: string[] = [];
  const tag = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') {
      const isFreeText = FREE_TEXT_TAGS.has(name) && value !== 'NOASSERTION' && value !== 'NONE';
      lines.push(`${name}: ${isFreeText || /[\n\r]/.test(value) ? `<text>${value}</text>` : value}`);
    }
  };
  tag('SPDXVersion', document.spdxVersion);
  tag('DataLicense', document.dataLicense);
  tag('SPDXID', document.SPDXID);
  tag('DocumentName', document.name);
  tag('DocumentNamespace', document.documentNamespace);
  tag('DocumentComment', document.comment);
  lines.push('', '## Creation Information');
  tag('LicenseListVersion', document.creationInfo.licenseListVersion);
  for (const creator of document.creationInfo.creators) {
    tag('Creator', creator);
  }
  tag('Created', document.creationInfo.created);
  for (const pkg of document.packages) {
    lines.push('', '## Package');
    tag('PackageName', pkg.name);
    tag('SPDXID', pkg.SPDXID);
    tag('PackageVersion', pkg.versionInfo);
    tag('PackageFileName', pkg.packageFileName);
    tag('PackageDownloadLocation', pkg.downloadLocation);
    tag('FilesAnalyzed', String(pkg.filesAnalyzed));
    tag('PackageHomePage', pkg.homepage);
    for (const checksum of pkg.checksums ?? []) {
      tag('PackageChecksum', `${checksum.algorithm}: ${checksum.checksumValue}`);
    }
    tag('PackageLicenseConcluded', pkg.licenseConcluded);
    tag('PackageLicenseDeclared', pkg.licenseDeclared);
    tag('PackageCopyrightText', pkg.copyrightText);
    tag('PackageDescription', pkg.description);
    tag('PackageComment', pkg.comment);
    for (const ref of pkg.externalRefs ?? []) {
      tag('ExternalRef', `${ref.referenceCategory} ${ref.referenceType} ${ref.referenceLocator}`);
    }
    for (const text of pkg.attributionTexts ?? []) {
      tag('PackageAttributionText', text);
    }
    tag('ReleaseDate', pkg.releaseDate);
  }
  if (document.hasExtractedLicensingInfos?.length) {
    lines.push('', '## License Information');
    for (const license of document.hasExtractedLicensingInfos) {
      tag('LicenseID', license.licenseId);
      tag('ExtractedText', license.extractedText);
      tag('LicenseName', license.name);
      for (const url of license.seeAlsos ?? []) {
        tag('LicenseCrossReference', url);
      }
    }
  }
  lines.push('', '## Relationships');
  for (const relationship of document.relationships) {
    tag('Relationship', `${relationship.spdxElementId} ${relationship.relationshipType} ${relationship.relatedSpdxElement}`);
  }
  return `${lines.join('\n')}\n`;
}

/** ScanCode.io's SPDX-safe document name: lower case, runs of other characters as `_`. */
export function safeDocumentName(name: string): string {
  return name.replace(/[^A-Za-z0-9.]+/g, '_').toLowerCase();
}

function inputPackage(input: InputSource): SpdxPackage {
  return {
    name: input.filename || input.download_url || input.uuid,
    SPDXID: `SPDXRef-scancodeio-input-${input.uuid}`,
    downloadLocation: input.download_url || 'NOASSERTION',
    licenseConcluded: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    filesAnalyzed: false,
    ...(input.filename ? { packageFileName: input.filename } : {}),
  };
}

function packageEntry(pkg: DiscoveredPackage, version: SpdxVersion): SpdxPackage {
  const license = pkg.declared_license_expression_spdx || 'NOASSERTION';
  const purl = purlOf(pkg);
  const comment = packageComment(pkg);
  return compact({
    name: pkg.name || pkg.filename || pkg.uuid,
    SPDXID: `SPDXRef-scancodeio-discoveredpackage-${pkg.uuid}`,
    downloadLocation: pkg.download_url || 'NOASSERTION',
    licenseConcluded: license,
    copyrightText: pkg.copyright || 'NOASSERTION',
    filesAnalyzed: false,
    versionInfo: pkg.version,
    licenseDeclared: license,
    homepage: pkg.homepage_url,
    packageFileName: pkg.filename,
    description: pkg.description,
    releaseDate: version === '2.3' && /^\d{4}-\d{2}-\d{2}/.test(pkg.release_date) ? `${pkg.release_date.slice(0, 10)}T00:00:00Z` : undefined,
    comment,
    checksums: [
      ...(pkg.sha1 ? [{ algorithm: 'SHA1', checksumValue: pkg.sha1 }] : []),
      ...(pkg.md5 ? [{ algorithm: 'MD5', checksumValue: pkg.md5 }] : []),
    ],
    externalRefs: purl ? [purlRef(purl, version)] : [],
    attributionTexts: pkg.notice_text ? [pkg.notice_text] : [],
  });
}

function dependencyEntry(dependency: DependencyRow, version: SpdxVersion): SpdxPackage {
  const purl = purlOf(dependency);
  return compact({
    name: dependency.name || dependency.dependency_uid || dependency.uuid,
    SPDXID: `SPDXRef-scancodeio-discovereddependency-${dependency.uuid}`,
    downloadLocation: 'NOASSERTION',
    licenseConcluded: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    filesAnalyzed: false,
    versionInfo: dependency.version,
    externalRefs: purl ? [purlRef(purl, version)] : [],
  });
}

/** SPDX 2.3 spells the category PACKAGE-MANAGER, 2.2 PACKAGE_MANAGER. */
function purlRef(purl: string, version: SpdxVersion) {
  return { referenceCategory: version === '2.2' ? 'PACKAGE_MANAGER' : 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl };
}

/** Package fields SPDX has no place for, as YAML in the package comment (ScanCode.io does the same). */
function packageComment(pkg: DiscoveredPackage): string | undefined {
  const fields: Record<string, unknown> = {
    primary_language: pkg.primary_language,
    repository_download_url: pkg.repository_download_url,
    api_data_url: pkg.api_data_url,
    holder: pkg.holder,
    parties: pkg.parties,
    notice_text: pkg.notice_text,
  };
  const kept = Object.fromEntries(Object.entries(fields).filter(([, value]) => (Array.isArray(value) ? value.length > 0 : Boolean(value))));
  return Object.keys(kept).length ? toYaml(kept) : undefined;
}

/** `hasExtractedLicensingInfos` for every LicenseRef the package expressions use. */
function extractedLicenses(expressions: string[]): SpdxExtractedLicense[] {
  const refs = new Set<string>();
  for (const expression of expressions) {
    for (const token of expression.split(/[\s()]+/)) {
      if (token.startsWith('LicenseRef-')) {
        refs.add(token);
      }
    }
  }
  return [...refs].sort().map((ref) => {
    const key = ref.replace(/^LicenseRef-(scancode-|scanloom-)?/, '').toLowerCase();
    const url = `${LICENSEDB_URL}/${key}.html`;
    return { licenseId: ref, extractedText: `See ${url}`, name: key, seeAlsos: [url] };
  });
}

/** Drop empty optional fields, as ScanCode.io's SPDX classes do. */
function compact(pkg: SpdxPackage): SpdxPackage {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pkg)) {
    const required = ['name', 'SPDXID', 'downloadLocation', 'licenseConcluded', 'copyrightText', 'filesAnalyzed'].includes(key);
    if (required || (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== '')) {
      out[key] = value;
    }
  }
  return out as unknown as SpdxPackage;
}
