import { buildPurl } from '../pipes/packages/purl';
import type { DiscoveredDependency } from './discovered-dependency.entity';
import type { DiscoveredPackage } from './discovered-package.entity';

interface PurlColumns {
  type: string;
  namespace: string;
  name: string;
  version: string;
  qualifiers: string;
  subpath: string;
}

/** Qualifiers are stored as ScanCode.io stores them: a normalised `k=v&k2=v2` string. */
export function qualifiersToString(qualifiers: Record<string, string> | null | undefined): string {
  if (!qualifiers) {
    return '';
  }
  return Object.keys(qualifiers)
    .filter((k) => qualifiers[k])
    .sort()
    .map((k) => `${k}=${qualifiers[k]}`)
    .join('&');
}

export function qualifiersFromString(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of text.split('&').filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at > 0) {
      result[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return result;
}

/** The purl of a row's purl columns, or "" when it has no name. */
export function purlOf(row: PurlColumns): string {
  if (!row.name) {
    return '';
  }
  return buildPurl({
    type: row.type || 'unknown',
    namespace: row.namespace || null,
    name: row.name,
    version: row.version || null,
    qualifiers: qualifiersFromString(row.qualifiers),
    subpath: row.subpath || null,
  });
}

/** A package with ScanCode.io's 49 keys, in its order. */
export function toPackageView(p: DiscoveredPackage) {
  return {
    purl: purlOf(p),
    type: p.type,
    namespace: p.namespace,
    name: p.name,
    version: p.version,
    qualifiers: p.qualifiers,
    subpath: p.subpath,
    tag: p.tag,
    primary_language: p.primary_language,
    description: p.description,
    notes: p.notes,
    release_date: p.release_date || null,
    parties: p.parties,
    keywords: p.keywords,
    homepage_url: p.homepage_url,
    download_url: p.download_url,
    bug_tracking_url: p.bug_tracking_url,
    code_view_url: p.code_view_url,
    vcs_url: p.vcs_url,
    repository_homepage_url: p.repository_homepage_url,
    repository_download_url: p.repository_download_url,
    api_data_url: p.api_data_url,
    size: p.size,
    md5: p.md5,
    sha1: p.sha1,
    sha256: p.sha256,
    sha512: p.sha512,
    copyright: p.copyright,
    holder: p.holder,
    declared_license_expression: p.declared_license_expression,
    declared_license_expression_spdx: p.declared_license_expression_spdx,
    license_detections: p.license_detections,
    other_license_expression: p.other_license_expression,
    other_license_expression_spdx: p.other_license_expression_spdx,
    other_license_detections: p.other_license_detections,
    extracted_license_statement: p.extracted_license_statement,
    compliance_alert: p.compliance_alert,
    notice_text: p.notice_text,
    source_packages: p.source_packages,
    extra_data: p.extra_data,
    package_uid: p.package_uid,
    is_private: p.is_private,
    is_virtual: p.is_virtual,
    datasource_ids: p.datasource_ids,
    datafile_paths: p.datafile_paths,
    file_references: p.file_references,
    missing_resources: p.missing_resources,
    modified_resources: p.modified_resources,
    affected_by_vulnerabilities: p.affected_by_vulnerabilities,
  };
}

export type PackageView = ReturnType<typeof toPackageView>;

/** A dependency row with the uids and path of the rows it points at (joined by the query). */
export interface DependencyRow extends DiscoveredDependency {
  for_package_uid?: string | null;
  resolved_to_package_uid?: string | null;
  datafile_path?: string | null;
}

/** A dependency with ScanCode.io's 14 keys, in its order. */
export function toDependencyView(d: DependencyRow) {
  return {
    purl: purlOf(d),
    extracted_requirement: d.extracted_requirement,
    scope: d.scope,
    is_runtime: d.is_runtime,
    is_optional: d.is_optional,
    is_pinned: d.is_pinned,
    is_direct: d.is_direct,
    dependency_uid: d.dependency_uid,
    for_package_uid: d.for_package_uid ?? null,
    resolved_to_package_uid: d.resolved_to_package_uid ?? null,
    datafile_path: d.datafile_path ?? null,
    datasource_id: d.datasource_id,
    package_type: d.type,
    affected_by_vulnerabilities: d.affected_by_vulnerabilities,
  };
}

export type DependencyView = ReturnType<typeof toDependencyView>;
