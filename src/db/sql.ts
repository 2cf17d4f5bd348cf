import type { DataSource, EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(db: DataSource | EntityManager): Dialect {
  const type = 'connection' in db ? db.connection.options.type : db.options.type;
  return type === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * Case-sensitive substring, prefix and suffix tests, as Django's `contains`,
 * `startswith` and `endswith`: sqlite's LIKE ignores case, PostgreSQL's does not, so
 * neither uses LIKE.
 */
export function textMatchSql(dialect: Dialect, column: string, param: string, kind: 'contains' | 'startswith' | 'endswith'): string {
  switch (kind) {
    case 'contains':
      return dialect === 'postgres' ? `strpos(${column}, :${param}) > 0` : `instr(${column}, :${param}) > 0`;
    case 'startswith':
      return `substr(${column}, 1, length(:${param})) = :${param}`;
    case 'endswith':
      return dialect === 'postgres'
        ? `right(${column}, length(:${param})) = :${param}`
        : `substr(${column}, -length(:${param})) = :${param}`;
  }
}

/** Escape `%`, `_` and the escape character itself for a LIKE pattern using `ESCAPE '\'`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Bound parameters per statement: under sqlite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;

/**
 * Insert entity objects in chunks of multi-row INSERT statements, as they are: one
 * statement per chunk, values converted by the columns' transformers, missing values
 * taken from the columns' defaults. TypeORM's insert builder spends a millisecond a row
 * on metadata; this is the hot path of every pipeline that writes many rows. The objects
 * are not updated afterwards (no generated ids are read back).
 */
export async function insertRows<T extends object>(
  tx: EntityManager,
  entity: new () => T,
  rows: readonly T[],
  chunkSize = 500,
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const metadata = tx.connection.getMetadata(entity);
  const dialect = dialectOf(tx);
  const seen = new Set<string>();
  const columns = metadata.columns.filter((column) => {
    if (column.isGenerated || column.isVirtual || seen.has(column.databaseName)) {
      return false;
    }
    seen.add(column.databaseName);
    return true;
  });
  const perChunk = Math.max(1, Math.min(chunkSize * 4, Math.floor(MAX_PARAMETERS / columns.length)));
  const table = `"${metadata.tableName}"`;
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = columns.map((column) => {
        params.push(columnValue(column, row, dialect));
        return dialect === 'postgres' ? `$${params.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${names}) VALUES ${tuples.join(', ')}`, params);
  }
}

function columnValue(column: ColumnMetadata, row: object, dialect: Dialect): unknown {
  let value: unknown = column.getEntityValue(row);
  if (value === undefined) {
    const fallback = column.default as unknown;
    value = fallback === undefined || typeof fallback === 'function' ? null : fallback;
  } else if (column.transformer) {
    value = ApplyValueTransformers.transformTo(column.transformer, value);
  }
  if (typeof value === 'boolean' && dialect === 'sqlite') {
    return value ? 1 : 0;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  return value ?? null;
}

/** PostgreSQL types a VALUES list must be cast to before it is assigned to a column. */
function pgCast(column: ColumnMetadata): string {
  const type = String(typeof column.type === 'function' ? column.type.name : column.type).toLowerCase();
  if (type === 'float' || type === 'double precision') {
    return '::double precision';
  }
  if (type === 'integer' || type === 'int') {
    return '::integer';
  }
  if (type === 'bigint') {
    return '::bigint';
  }
  if (type === 'boolean') {
    return '::boolean';
  }
  return '';
}

/**
 * Update many rows at once, each with its own values, in statements of many rows
 * (`UPDATE … FROM (VALUES …)`): rows are found by `key` within `scope` (for instance a
 * project), and `fields` are set from each object's properties, converted as inserts are.
 */
export async function updateRows<T extends object>(
  tx: EntityManager,
  entity: new () => T,
  scope: Readonly<Record<string, string>>,
  key: keyof T & string,
  fields: readonly (keyof T & string)[],
  rows: readonly Partial<T>[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const metadata = tx.connection.getMetadata(entity);
  const dialect = dialectOf(tx);
  const columnOf = (property: string): ColumnMetadata => {
    const column = metadata.columns.find((c) => c.propertyName === property);
    if (!column) {
      throw new Error(`${metadata.tableName} has no column ${property}`);
    }
    return column;
  };
  const columns = [columnOf(key), ...fields.map(columnOf)];
  const table = `"${metadata.tableName}"`;
  const quoted = columns.map((c) => `"${c.databaseName}"`);
  const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length) - 1);
  const sets = quoted.slice(1).map((name) => `${name} = v.${name}`).join(', ');
  for (let start = 0; start < rows.length; start += perChunk) {
    const params: unknown[] = [];
    const tuples = rows.slice(start, start + perChunk).map((row) => {
      const marks = columns.map((column) => {
        params.push(columnValue(column, row, dialect));
        return dialect === 'postgres' ? `$${params.length}${pgCast(column)}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    const scopeSql = Object.entries(scope).map(([name, value]) => {
      params.push(value);
      return `${table}."${columnOf(name).databaseName}" = ${dialect === 'postgres' ? `$${params.length}` : '?'}`;
    });
    const values =
      dialect === 'postgres'
        ? `(VALUES ${tuples.join(', ')}) AS v(${quoted.join(', ')})`
        : `(SELECT ${quoted.map((name, i) => `column${i + 1} AS ${name}`).join(', ')} FROM (VALUES ${tuples.join(', ')})) AS v`;
    await tx.query(`UPDATE ${table} SET ${sets} FROM ${values} WHERE ${[...scopeSql, `${table}.${quoted[0]} = v.${quoted[0]}`].join(' AND ')}`, params);
  }
}
