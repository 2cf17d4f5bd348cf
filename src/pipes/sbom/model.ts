import { normalizeLicenseStatement, toScancodeExpression } from '../packages/licensing';
import { makePackageData, type PackageData } from '../packages/models';
import { parsePurl } from '../packages/purl';

/** The SBOM formats load_sbom reads. */
export type SbomKind = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'spdx-yaml' | 'spdx-tag-value';

/** A package an SBOM declares, ready to store: package_data fields plus its id in the document. */
export interface SbomPackage {
  /** The bom-ref (CycloneDX) or SPDXID (SPDX): dependencies point at it. */
  package_uid: string;
  filename: string | null;
  data: PackageData;
}

/** What reading an SBOM yields, in document order. */
export type SbomEvent =
  | { kind: 'header'; header: Record<string, unknown> }
  | { kind: 'package'; package: SbomPackage }
  /** `from` depends on `to` (package uids of the same document). */
  | { kind: 'dependency'; from: string; to: string }
  | { kind: 'vulnerability'; ref: string; advisory: Record<string, unknown> };

/** Values an SBOM uses to say "nothing": dropped rather than stored. */
export function isBlank(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && (value.trim() === '' || value === 'NOASSERTION' || value === 'NONE')) ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

export function text(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return typeof value === 'string' && !isBlank(value) ? value : null;
}

/** The purl fields of a package URL string; null when it does not parse. */
export function purlFields(purl: string): Pick<PackageData, 'type' | 'namespace' | 'name' | 'version' | 'qualifiers' | 'subpath'> | null {
  const parts = parsePurl(purl);
  if (!parts?.type || !parts.name) {
    return null;
  }
  return {
    type: parts.type,
    namespace: parts.namespace,
    name: parts.name,
    version: parts.version,
    qualifiers: parts.qualifiers ?? {},
    subpath: parts.subpath ?? null,
  };
}

/**
 * License fields of a package from the license statements of an SBOM (expressions, ids or
 * names, one per line in `extracted_license_statement`), normalised to ScanCode keys and SPDX.
 */
export function statementLicenseFields(statements: string[], fromFile: string): Partial<PackageData> {
  if (statements.length === 0) {
    return {};
  }
  const statement = statements.join('\n');
  return { ...normalized(statement, fromFile, () => normalizeLicenseStatement(statements, fromFile)), extracted_license_statement: statement };
}

// SBOMs repeat a handful of license statements thousands of times: normalise each once per file.
const cache = new Map<string, ReturnType<typeof normalizeLicenseStatement>>();

function normalized(key: string, fromFile: string, compute: () => ReturnType<typeof normalizeLicenseStatement>) {
  const cacheKey = `${fromFile}\0${key}`;
  let result = cache.get(cacheKey);
  if (!result) {
    if (cache.size > 10_000) {
      cache.clear();
    }
    result = compute();
    cache.set(cacheKey, result);
  }
  return result;
}

/** License fields from an SPDX expression the document states as concluded or declared. */
export function spdxLicenseFields(expression: string | null, declared: string | null, fromFile: string): Partial<PackageData> {
  const fields: Partial<PackageData> = declared ? { extracted_license_statement: declared } : {};
  if (!expression) {
    return fields;
  }
  const result = normalized(expression, fromFile, () => normalizeLicenseStatement(expression, fromFile));
  return {
    ...fields,
    declared_license_expression: result.declared_license_expression ?? toScancodeExpression(expression),
    declared_license_expression_spdx: result.declared_license_expression_spdx ?? expression,
    license_detections: result.license_detections,
  };
}

/** A package record with ScanCode.io's defaults for every field the SBOM left out. */
export function sbomPackageData(fields: Partial<PackageData>): PackageData {
  const kept = Object.fromEntries(Object.entries(fields).filter(([, value]) => !isBlank(value)));
  return makePackageData({ ...kept, datasource_id: '' });
}
