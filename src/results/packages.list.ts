import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { parsePurl } from '../pipes/packages/purl';
import type { Dialect } from '../db/sql';
import type { DiscoveredDependency } from './discovered-dependency.entity';
import type { DiscoveredPackage } from './discovered-package.entity';
import type { ListSpec } from './list-query';
import { qualifiersToString, type DependencyRow } from './packages.views';

const P = 'p';
const D = 'd';
const EMPTY_JSON = "('[]', '')";

/**
 * Rows whose purl columns match every part present in a (partial) purl, as ScanCode.io's
 * `purl` filter does; a value that is not a purl matches nothing.
 */
function purlFilter(alias: string, prefix: string) {
  return (qb: SelectQueryBuilder<ObjectLiteral>, value: string): void => {
    const parts = parsePurl(value);
    if (!parts) {
      qb.andWhere('1 = 0');
      return;
    }
    const fields: Record<string, string | null | undefined> = {
      type: parts.type,
      namespace: parts.namespace,
      name: parts.name,
      version: parts.version,
      qualifiers: parts.qualifiers ? qualifiersToString(parts.qualifiers) : null,
      subpath: parts.subpath,
    };
    for (const [field, wanted] of Object.entries(fields)) {
      if (wanted) {
        qb.andWhere(`${alias}.${field} = :${prefix}_${field}`, { [`${prefix}_${field}`]: wanted });
      }
    }
  };
}

function isVulnerable(alias: string) {
  return (qb: SelectQueryBuilder<ObjectLiteral>, value: string): string | void => {
    if (value === 'yes') {
      qb.andWhere(`${alias}.affected_by_vulnerabilities NOT IN ${EMPTY_JSON}`);
    } else if (value === 'no') {
      qb.andWhere(`${alias}.affected_by_vulnerabilities IN ${EMPTY_JSON}`);
    } else {
      return `Select a valid choice. ${value} is not one of the available choices.`;
    }
  };
}

const PACKAGE_TEXT_FIELDS = [
  'type', 'namespace', 'name', 'version', 'qualifiers', 'subpath', 'filename', 'primary_language', 'release_date',
  'homepage_url', 'download_url', 'md5', 'sha1', 'bug_tracking_url', 'code_view_url', 'vcs_url',
  'declared_license_expression', 'declared_license_expression_spdx', 'other_license_expression',
  'other_license_expression_spdx', 'extracted_license_statement', 'copyright', 'tag',
];
const PURL_SORT = ['type', 'namespace', 'name', 'version'];

/** ScanCode.io's packages list (§3.4): filters, `pkg:` or bare-term search, sorts. */
export const PACKAGES_LIST: ListSpec = {
  alias: P,
  filters: {
    ...Object.fromEntries(PACKAGE_TEXT_FIELDS.map((f) => [f, { kind: 'text' as const }])),
    size: { kind: 'number' },
    compliance_alert: { kind: 'choice', choices: ['ok', 'warning', 'error', 'missing', '_EMPTY_'] },
    is_private: { kind: 'strictBool' },
    is_virtual: { kind: 'strictBool' },
    extra_data: { kind: 'jsonIContains' },
  },
  special: {
    purl: purlFilter(P, 'purl'),
    is_vulnerable: isVulnerable(P),
  },
  searchOverride: (qb, value) => {
    if (!value.startsWith('pkg:')) {
      return false;
    }
    purlFilter(P, 'search')(qb, value);
    return true;
  },
  searchFields: ['type', 'namespace', 'name', 'version'].map((f) => `${P}.${f}`),
  searchable: Object.fromEntries([...PACKAGE_TEXT_FIELDS, 'compliance_alert', 'size', 'package_uid', 'description', 'keywords', 'extra_data'].map((f) => [f, `${P}.${f}`])),
  sortable: {
    package_url: PURL_SORT.map((f) => `${P}.${f}`),
    ...Object.fromEntries(
      ['type', 'namespace', 'name', 'version', 'declared_license_expression', 'other_license_expression', 'compliance_alert', 'copyright', 'primary_language', 'tag'].map(
        (f) => [f, [`${P}.${f}`]],
      ),
    ),
  },
  defaultOrder: [[`${P}.id`, 'ASC']],
  tieBreaker: `${P}.id`,
};

export function packageSortValue(row: DiscoveredPackage, column: string): unknown {
  return (row as unknown as Record<string, unknown>)[column.slice(P.length + 1)];
}

const DEPENDENCY_BOOLS = ['is_runtime', 'is_optional', 'is_pinned', 'is_direct'];

/** ScanCode.io's dependencies list (§3.4). */
export const DEPENDENCIES_LIST: ListSpec = {
  alias: D,
  filters: {
    ...Object.fromEntries(['dependency_uid', 'namespace', 'name', 'version', 'qualifiers', 'subpath'].map((f) => [f, { kind: 'text' as const }])),
    type: { kind: 'existingChoice' },
    scope: { kind: 'existingChoice' },
    datasource_id: { kind: 'existingChoice' },
    ...Object.fromEntries(DEPENDENCY_BOOLS.map((f) => [f, { kind: 'strictBool' as const }])),
  },
  special: {
    purl: purlFilter(D, 'purl'),
    is_vulnerable: isVulnerable(D),
  },
  searchFields: [`${D}.name`],
  searchable: Object.fromEntries(
    ['dependency_uid', 'type', 'namespace', 'name', 'version', 'extracted_requirement', 'scope', 'datasource_id'].map((f) => [f, `${D}.${f}`]),
  ),
  sortable: {
    package_url: PURL_SORT.map((f) => `${D}.${f}`),
    ...Object.fromEntries(
      ['type', 'namespace', 'name', 'version', 'extracted_requirement', 'scope', 'datasource_id', ...DEPENDENCY_BOOLS].map((f) => [f, [`${D}.${f}`]]),
    ),
    for_package: [`COALESCE(${D}.for_package_id, 0)`],
    resolved_to_package: [`COALESCE(${D}.resolved_to_package_id, 0)`],
    datafile_resource: [`COALESCE(${D}.datafile_resource_id, 0)`],
  },
  defaultOrder: [
    [`${D}.is_runtime`, 'DESC'],
    [`${D}.is_pinned`, 'DESC'],
    [`${D}.is_optional`, 'ASC'],
    [`${D}.dependency_uid`, 'ASC'],
    [`COALESCE(${D}.for_package_id, 0)`, 'ASC'],
    [`COALESCE(${D}.datafile_resource_id, 0)`, 'ASC'],
    [`${D}.datasource_id`, 'ASC'],
  ],
  tieBreaker: `${D}.id`,
};

/** Sort values of a dependency row for keyset cursors; sqlite binds booleans as 0/1. */
export function dependencySortValue(dialect: Dialect) {
  return (row: DiscoveredDependency, column: string): unknown => {
    const fk = /^COALESCE\(d\.(\w+), 0\)$/.exec(column);
    const value = (row as unknown as Record<string, unknown>)[fk ? fk[1]! : column.slice(D.length + 1)];
    if (typeof value === 'boolean' && dialect === 'sqlite') {
      return value ? 1 : 0;
    }
    return fk ? (value ?? 0) : value;
  };
}

/** A loaded dependency with the uids and path its joins brought. */
export function toDependencyRow(d: DiscoveredDependency): DependencyRow {
  return Object.assign(d, {
    for_package_uid: d.for_package?.package_uid ?? null,
    resolved_to_package_uid: d.resolved_to_package?.package_uid ?? null,
    datafile_path: d.datafile_resource?.path ?? null,
  });
}
