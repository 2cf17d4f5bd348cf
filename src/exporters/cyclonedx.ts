import { randomUUID } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { DiscoveredPackage } from '../results/discovered-package.entity';
import { purlOf } from '../results/packages.views';
import { NOTICE } from './json-results';
import { collect, type ExportSource } from './source';

export type CycloneDxVersion = '1.6' | '1.5' | '1.4';

const SPECS: Record<CycloneDxVersion, typeof Spec.Spec1dot6> = {
  '1.6': Spec.Spec1dot6,
  '1.5': Spec.Spec1dot5,
  '1.4': Spec.Spec1dot4,
};

const HASHES: ['md5' | 'sha1' | 'sha256' | 'sha512', Enums.HashAlgorithm][] = [
  ['md5', Enums.HashAlgorithm.MD5],
  ['sha1', Enums.HashAlgorithm['SHA-1']],
  ['sha256', Enums.HashAlgorithm['SHA-256']],
  ['sha512', Enums.HashAlgorithm['SHA-512']],
];

/** Package URL fields as CycloneDX external references (ScanCode.io's `cdx_url_type_by_scancode_field`). */
const EXTERNAL_REFERENCES: [keyof DiscoveredPackage, Enums.ExternalReferenceType][] = [
  ['api_data_url', Enums.ExternalReferenceType.BOM],
  ['bug_tracking_url', Enums.ExternalReferenceType.IssueTracker],
  ['code_view_url', Enums.ExternalReferenceType.Other],
  ['repository_download_url', Enums.ExternalReferenceType.Distribution],
  ['repository_homepage_url', Enums.ExternalReferenceType.Website],
  ['vcs_url', Enums.ExternalReferenceType.VCS],
];

/** Package fields CycloneDX has no place for, kept as `aboutcode:` properties so nothing is lost on a round trip. */
const PROPERTY_FIELDS = ['filename', 'primary_language', 'download_url', 'homepage_url', 'notice_text', 'package_uid'] as const;

/**
 * The project as a CycloneDX BOM: the project is the root component, every discovered
 * package a component (purl, licenses, hashes, references), the root depends on all of
 * them and each package on the packages its dependencies resolved to.
 */
export async function buildCycloneDxBom(source: ExportSource): Promise<Models.Bom> {
  const { project } = source.record;
  const root = new Models.Component(Enums.ComponentType.Application, project.name, { bomRef: project.uuid });
  const bom = new Models.Bom({ serialNumber: `urn:uuid:${randomUUID()}` });
  bom.metadata.component = root;
  bom.metadata.timestamp = new Date();
  bom.metadata.tools.tools.add(new Models.Tool({ name: 'Scanloom', version: source.version }));
  bom.metadata.properties.add(new Models.Property('notice', NOTICE));

  const packages = await collect(source.packageBatches());
  const components = new Map<number, Models.Component>();
  for (const pkg of packages) {
    const component = toComponent(pkg);
    components.set(pkg.id, component);
    bom.components.add(component);
    root.dependencies.add(component.bomRef);
    for (const advisory of pkg.affected_by_vulnerabilities) {
      bom.vulnerabilities.add(toVulnerability(advisory as Record<string, unknown>, component.bomRef));
    }
  }
  for (const edge of await source.dependencyEdges()) {
    const parent = edge.for_package_id === null ? undefined : components.get(edge.for_package_id);
    const child = edge.resolved_to_package_id === null ? undefined : components.get(edge.resolved_to_package_id);
    if (parent && child && parent !== child) {
      parent.dependencies.add(child.bomRef);
    }
  }
  return bom;
}

/** The BOM as CycloneDX JSON of the given spec version. */
export function serializeCycloneDxJson(bom: Models.Bom, version: CycloneDxVersion): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(SPECS[version]));
  return serializer.serialize(bom, { sortLists: false, space: 2 });
}

/** The BOM as CycloneDX XML of the given spec version (needs the xmlbuilder2 package). */
export function serializeCycloneDxXml(bom: Models.Bom, version: CycloneDxVersion): string {
  const serializer = new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(SPECS[version]));
  return serializer.serialize(bom, { sortLists: false, space: 2 });
}

function toComponent(pkg: DiscoveredPackage): Models.Component {
  const purl = purlOf(pkg);
  const component = new Models.Component(Enums.ComponentType.Library, pkg.name || pkg.filename || 'unknown', {
    bomRef: pkg.package_uid || purl || pkg.uuid,
    version: pkg.version || undefined,
    purl: purl || undefined,
    copyright: pkg.copyright || undefined,
    description: pkg.description || undefined,
  });
  const declared = pkg.declared_license_expression_spdx;
  if (declared) {
    component.licenses.add(new Models.LicenseExpression(declared));
  }
  if (pkg.other_license_expression_spdx) {
    component.evidence = new Models.ComponentEvidence();
    component.evidence.licenses.add(new Models.LicenseExpression(pkg.other_license_expression_spdx));
  }
  for (const [field, algorithm] of HASHES) {
    if (pkg[field]) {
      component.hashes.set(algorithm, pkg[field]);
    }
  }
  const authors = (pkg.parties as { role?: string; name?: string }[])
    .filter((party) => party && (party.role === 'author' || party.role === 'maintainer') && party.name)
    .map((party) => party.name);
  if (authors.length > 0) {
    component.author = [...new Set(authors)].join(', ');
  }
  for (const field of PROPERTY_FIELDS) {
    const value = pkg[field];
    if (value) {
      component.properties.add(new Models.Property(`aboutcode:${field}`, value));
    }
  }
  for (const [field, type] of EXTERNAL_REFERENCES) {
    const url = pkg[field];
    if (typeof url === 'string' && url) {
      component.externalReferences.add(new Models.ExternalReference(url, type));
    }
  }
  return component;
}

/** A VulnerableCode advisory of a package as a CycloneDX vulnerability affecting its component. */
function toVulnerability(data: Record<string, unknown>, ref: Models.BomRef): Models.Vulnerability.Vulnerability {
  const text = (key: string) => (typeof data[key] === 'string' && data[key] ? data[key] : undefined);
  const vulnerability = new Models.Vulnerability.Vulnerability({
    id: text('advisory_id') ?? text('vulnerability_id'),
    source: new Models.Vulnerability.Source({ name: 'VulnerableCode', url: text('url') }),
    description: text('summary'),
  });
  vulnerability.affects.add(new Models.Vulnerability.Affect(ref));
  for (const reference of (data.references as Record<string, unknown>[] | undefined) ?? []) {
    const url = typeof reference.reference_url === 'string' ? reference.reference_url : undefined;
    const source = new Models.Vulnerability.Source({ url });
    if (typeof reference.reference_id === 'string' && reference.reference_id) {
      vulnerability.references.add(new Models.Vulnerability.Reference(reference.reference_id, source));
    }
    for (const score of (reference.scores as Record<string, unknown>[] | undefined) ?? []) {
      const value = typeof score.value === 'string' || typeof score.value === 'number' ? String(score.value) : '';
      const numeric = Number(value);
      const severity = Object.values(Enums.Vulnerability.Severity).find((s) => String(s) === value.toLowerCase());
      vulnerability.ratings.add(
        new Models.Vulnerability.Rating({
          source,
          score: value !== '' && Number.isFinite(numeric) ? numeric : undefined,
          severity: Number.isFinite(numeric) ? undefined : severity,
          vector: typeof score.scoring_elements === 'string' ? score.scoring_elements : undefined,
        }),
      );
    }
  }
  for (const weakness of (data.weaknesses as Record<string, unknown>[] | undefined) ?? []) {
    const id = weakness.cwe_id;
    const cwe = Number(typeof id === 'string' || typeof id === 'number' ? String(id).replace(/^CWE-/i, '') : NaN);
    if (Number.isInteger(cwe) && cwe > 0) {
      vulnerability.cwes.add(cwe);
    }
  }
  return vulnerability;
}
