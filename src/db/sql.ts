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
