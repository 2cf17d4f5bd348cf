import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Dialect } from '../db/sql';
import type { CodebaseResource } from './codebase-resource.entity';
import type { ListSpec } from './list-query';

const A = 'r';
const col = (name: string) => `${A}.${name}`;
/** Nullable sort columns sort as this value, so keyset cursors can compare them. */
const SIZE_SORT = `COALESCE(${A}.size, -1)`;
/**
 * The relations a resource is the target of (`related_from`): sorting on them uses the first
 * value, and '' for resources without relations, so every row appears once.
 */
const RELATED_MAP_TYPE = `COALESCE((SELECT MIN(cr.map_type) FROM codebase_relation cr WHERE cr.to_resource_id = ${A}.id), '')`;
const RELATED_FROM_PATH =
  `COALESCE((SELECT MIN(fr.path) FROM codebase_relation cr JOIN codebase_resource fr ON fr.id = cr.from_resource_id ` +
  `WHERE cr.to_resource_id = ${A}.id), '')`;

const JSON_FIELDS = ['copyrights', 'holders', 'authors', 'license_detections', 'license_clues', 'emails', 'urls'];
const TEXT_FIELDS = [
  'path', 'rootfs_path', 'md5', 'sha1', 'sha256', 'sha512', 'sha1_git', 'name', 'extension', 'programming_language',
  'mime_type', 'file_type', 'detected_license_expression', 'detected_license_expression_spdx',
];
const BOOL_FIELDS = ['is_binary', 'is_text', 'is_archive', 'is_media', 'is_source', 'is_script', 'is_legal', 'is_manifest', 'is_readme', 'is_top_level', 'is_key_file'];

/** ScanCode.io's resources list: filters of §3.4, search on path, sorts, default order by path. */
export const RESOURCES_LIST: ListSpec = {
  alias: A,
  filters: {
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, { kind: 'text' as const }])),
    size: { kind: 'number' },
    percentage_of_license_text: { kind: 'number' },
    status: { kind: 'existingChoice' },
    tag: { kind: 'existingChoice' },
    type: { kind: 'choice', choices: ['file', 'directory', 'symlink'] },
    compliance_alert: { kind: 'choice', choices: ['ok', 'warning', 'error', 'missing', '_EMPTY_'] },
    ...Object.fromEntries(JSON_FIELDS.map((f) => [f, { kind: 'jsonContains' as const }])),
    extra_data: { kind: 'jsonIContains' },
    ...Object.fromEntries(BOOL_FIELDS.map((f) => [f, { kind: 'bool' as const }])),
  },
  special: {
    in_package: (qb, value) => inPackage(qb, value),
    relation_map_type: (qb, value, dialect) => relationMapType(qb, value, dialect),
  },
  searchFields: [col('path')],
  searchable: Object.fromEntries(
    [...TEXT_FIELDS, 'status', 'tag', 'type', 'compliance_alert', 'size', ...JSON_FIELDS, 'extra_data'].map((f) => [f, col(f)]),
  ),
  sortable: {
    path: [col('path')],
    status: [col('status')],
    type: [col('type')],
    size: [SIZE_SORT],
    name: [col('name')],
    detected_license_expression: [col('detected_license_expression')],
    extension: [col('extension')],
    programming_language: [col('programming_language')],
    mime_type: [col('mime_type')],
    tag: [col('tag')],
    compliance_alert: [col('compliance_alert')],
    related_from__map_type: [RELATED_MAP_TYPE],
    related_from__from_resource__path: [RELATED_FROM_PATH],
  },
  defaultOrder: [[col('path'), 'ASC']],
  tieBreaker: col('id'),
};

/**
 * The value of a sort column on a loaded row, for keyset cursors; `relatedValue` evaluates the
 * relation sorts, which are not columns of the row.
 */
export function resourceSortValue(relatedValue: (resourceId: number, expression: string) => Promise<unknown>) {
  return (row: CodebaseResource, column: string): unknown => {
    if (column === SIZE_SORT) {
      return row.size ?? -1;
    }
    if (column === RELATED_MAP_TYPE || column === RELATED_FROM_PATH) {
      return relatedValue(row.id, column);
    }
    return (row as unknown as Record<string, unknown>)[column.slice(A.length + 1)];
  };
}

function inPackage(qb: SelectQueryBuilder<ObjectLiteral>, value: string): void {
  const exists = `EXISTS (SELECT 1 FROM resource_package rp WHERE rp.resource_id = ${A}.id)`;
  if (value.toLowerCase() === 'true') {
    qb.andWhere(exists);
  } else if (value.toLowerCase() === 'false') {
    qb.andWhere(`NOT ${exists}`);
  }
}

function relationMapType(qb: SelectQueryBuilder<ObjectLiteral>, value: string, _dialect: Dialect): void {
  const related = `SELECT COUNT(*) FROM codebase_relation cr WHERE cr.to_resource_id = ${A}.id`;
  if (value === 'none') {
    qb.andWhere(`(${related}) = 0`);
  } else if (value === 'any') {
    qb.andWhere(`(${related}) > 0`);
  } else if (value === 'many') {
    qb.andWhere(`(${related}) > 1`);
  } else {
    qb.andWhere(`EXISTS (SELECT 1 FROM codebase_relation cr WHERE cr.to_resource_id = ${A}.id AND cr.map_type = :relationMapType)`, {
      relationMapType: value,
    });
  }
}
