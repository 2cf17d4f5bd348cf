import { buildPurl } from './purl';

/** A person or organisation named by a manifest (author, maintainer, vendor…). */
export interface Party {
  type: 'person' | 'organization' | null;
  role: string | null;
  name: string | null;
  email: string | null;
  url: string | null;
}

export interface LicenseMatch {
  license_expression: string;
  license_expression_spdx: string;
  from_file: string | null;
  start_line: number;
  end_line: number;
  matcher: string;
  score: number;
  matched_length: number;
  match_coverage: number;
  rule_relevance: number;
  rule_identifier: string;
  rule_url: string | null;
  matched_text: string;
}

export interface LicenseDetection {
  license_expression: string;
  license_expression_spdx: string;
  identifier: string;
  matches: LicenseMatch[];
}

/** A dependency as a datafile declares it (ScanCode `DependentPackage`). */
export interface DependentPackage {
  purl: string;
  extracted_requirement: string | null;
  scope: string | null;
  is_runtime: boolean;
  is_optional: boolean;
  is_pinned: boolean;
  is_direct: boolean;
  resolved_package: Partial<PackageData> | Record<string, never>;
  extra_data: Record<string, unknown>;
}

export interface FileReference {
  path: string;
  size: number | null;
  sha1: string | null;
  md5: string | null;
  sha256: string | null;
  sha512: string | null;
  extra_data: Record<string, unknown>;
}

/** ScanCode toolkit `package_data`: what one datafile says about one package. */
export interface PackageData {
  type: string | null;
  namespace: string | null;
  name: string | null;
  version: string | null;
  qualifiers: Record<string, string>;
  subpath: string | null;
  primary_language: string | null;
  description: string | null;
  release_date: string | null;
  parties: Party[];
  keywords: string[];
  homepage_url: string | null;
  download_url: string | null;
  size: number | null;
  sha1: string | null;
  md5: string | null;
  sha256: string | null;
  sha512: string | null;
  bug_tracking_url: string | null;
  code_view_url: string | null;
  vcs_url: string | null;
  copyright: string | null;
  holder: string | null;
  declared_license_expression: string | null;
  declared_license_expression_spdx: string | null;
  license_detections: LicenseDetection[];
  other_license_expression: string | null;
  other_license_expression_spdx: string | null;
  other_license_detections: LicenseDetection[];
  extracted_license_statement: string | null;
  notice_text: string | null;
  source_packages: string[];
  file_references: FileReference[];
  is_private: boolean;
  is_virtual: boolean;
  extra_data: Record<string, unknown>;
  dependencies: DependentPackage[];
  repository_homepage_url: string | null;
  repository_download_url: string | null;
  api_data_url: string | null;
  datasource_id: string;
  purl: string | null;
}

/** A per-file problem the pipeline turns into a project message. */
export interface ParseProblem {
  path: string;
  datasource_id: string;
  message: string;
}

export interface ParseResult {
  packages: PackageData[];
  problems: ParseProblem[];
}

type PackageFields = Partial<Omit<PackageData, 'datasource_id' | 'purl'>> & { datasource_id: string };

/** Returns a complete package_data record with ScanCode defaults and its purl computed. */
export function makePackageData(fields: PackageFields): PackageData {
  const data: PackageData = {
    type: null,
    namespace: null,
    name: null,
    version: null,
    qualifiers: {},
    subpath: null,
    primary_language: null,
    description: null,
    release_date: null,
    parties: [],
    keywords: [],
    homepage_url: null,
    download_url: null,
    size: null,
    sha1: null,
    md5: null,
    sha256: null,
    sha512: null,
    bug_tracking_url: null,
    code_view_url: null,
    vcs_url: null,
    copyright: null,
    holder: null,
    declared_license_expression: null,
    declared_license_expression_spdx: null,
    license_detections: [],
    other_license_expression: null,
    other_license_expression_spdx: null,
    other_license_detections: [],
    extracted_license_statement: null,
    notice_text: null,
    source_packages: [],
    file_references: [],
    is_private: false,
    is_virtual: false,
    extra_data: {},
    dependencies: [],
    repository_homepage_url: null,
    repository_download_url: null,
    api_data_url: null,
    ...fields,
    purl: null,
  };
  data.purl = packagePurl(data);
  return data;
}

/** Returns the purl of a package record, or null when it has no type or name. */
export function packagePurl(
  data: Pick<PackageData, 'type' | 'namespace' | 'name' | 'version' | 'qualifiers' | 'subpath'>,
): string | null {
  if (!data.type || !data.name) {
    return null;
  }
  return buildPurl(data);
}

type DependencyFields = Partial<Omit<DependentPackage, 'purl'>> & { purl: string };

/** Returns a dependency with ScanCode's defaults (runtime, direct, not optional, not pinned). */
export function makeDependency(fields: DependencyFields): DependentPackage {
  return {
    extracted_requirement: null,
    scope: null,
    is_runtime: true,
    is_optional: false,
    is_pinned: false,
    is_direct: true,
    resolved_package: {},
    extra_data: {},
    ...fields,
  };
}

/** Returns a party record; `type` defaults to person as ScanCode's handlers do. */
export function makeParty(
  role: string,
  name: string | null,
  email: string | null = null,
  url: string | null = null,
): Party {
  return { type: 'person', role, name, email, url };
}
