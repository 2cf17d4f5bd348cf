import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
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
 * Rows per PostgreSQL statement outside COPY. Rows go as one array per column or as one JSON
 * parameter: planning a VALUES list of tens of thousands of parameters cost PostgreSQL more
 * than the rows themselves (10,000 packages: 2.6 s as VALUES, 1.0 s as JSON).
 */
const JSON_ROWS = 2000;

/**
 * PostgreSQL plans with the table statistics of its last ANALYZE: a table that grew from
 * nothing within a run is still thought empty, and lookups by an index then scan the whole
 * table (a lookup of 500 package uids among 50,000 new packages: 23 ms, 5.5 ms once analyzed).
 * Autovacuum comes too late for the next step of the same run, so the statistics of a table
 * are refreshed here each time this process's inserts into it pass the rows it had at the last
 * refresh (at least ANALYZE_AFTER): a handful of ANALYZEs for a table of any size.
 */
const ANALYZE_AFTER = 5000;
const insertedSinceAnalyze = new Map<string, { since: number; total: number }>();

async function keepStatisticsFresh(tx: EntityManager, metadata: EntityMetadata, inserted: number): Promise<void> {
  const table = metadata.tableName;
  const entry = insertedSinceAnalyze.get(table) ?? { since: 0, total: 0 };
  entry.since += inserted;
  entry.total += inserted;
  insertedSinceAnalyze.set(table, entry);
  if (entry.since >= Math.max(ANALYZE_AFTER, entry.total - entry.since)) {
    entry.since = 0;
    // The row count is what was missing; sampling only the leading columns of the indexes
    // (project_uuid, package_id…) costs a fifth of a full ANALYZE of a wide table.
    const leading = [...new Set(metadata.indices.map((index) => index.columns[0]?.databaseName).filter(Boolean))];
    await tx.query(`ANALYZE "${table}"${leading.length > 0 ? ` (${leading.map((name) => `"${name}"`).join(', ')})` : ''}`);
  }
}

/**
 * Insert entity objects as they are, values converted by the columns' transformers, missing
 * values taken from the columns' defaults: on sqlite in chunks of multi-row INSERT statements,
 * on PostgreSQL with COPY inside a transaction, else as arrays per column (or JSON rows).
 * TypeORM's insert builder spends a millisecond a row on metadata; this is the hot path of
 * every pipeline that writes many rows. The objects are not updated afterwards (no generated
 * ids are read back).
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
  const table = `"${metadata.tableName}"`;
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  if (dialect === 'postgres') {
    const arrays = columns.map(postgresArrayType);
    const typed = arrays.every((type) => type !== null);
    if (typed && tx.queryRunner) {
      await copyRows(tx.queryRunner, table, names, columns, rows);
    } else {
      for (let start = 0; start < rows.length; start += JSON_ROWS) {
        const chunk = rows.slice(start, start + JSON_ROWS);
        if (typed) {
          // One array per column, zipped back into rows by unnest: PostgreSQL parses arrays of
          // scalars for less than it spends finding each value of a JSON object by name.
          const params = columns.map((column) => chunk.map((row) => columnValue(column, row, 'postgres')));
          const unnest = arrays.map((type, i) => `$${i + 1}::${type}`).join(', ');
          await tx.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, params);
        } else {
          const records = recordsJson(columns, chunk);
          await tx.query(`INSERT INTO ${table} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${table}, $1::json)`, [records]);
        }
      }
    }
    await keepStatisticsFresh(tx, metadata, rows.length);
    return;
  }
  const perChunk = Math.max(1, Math.min(chunkSize * 4, Math.floor(MAX_PARAMETERS / columns.length)));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = columns.map((column) => {
        params.push(columnValue(column, row, dialect));
        return '?';
      });
      return `(${marks.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${names}) VALUES ${tuples.join(', ')}`, params);
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text both databases store alike. NUL characters are dropped (PostgreSQL text cannot hold them).
 * A lone surrogate, which a string cut to its column length between the two halves of an emoji
 * ends with, becomes U+FFFD: PostgreSQL refuses it in JSON, and sqlite would store bytes that
 * are not UTF-8.
 */
function textValue(value: string): string {
  const text = value.includes('\0') ? value.replaceAll('\0', '') : value;
  return SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD') : text;
}

/** Rows as a JSON array of objects keyed by column name, values converted as for a bound parameter. */
function recordsJson(columns: readonly ColumnMetadata[], rows: readonly object[]): string {
  return JSON.stringify(
    rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (const column of columns) {
        record[column.databaseName] = columnValue(column, row, 'postgres');
      }
      return record;
    }),
  );
}

/** COPY's text format: backslash, tab, newline and carriage return escaped, NULL as \N. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) {
    return '\\N';
  }
  if (typeof value === 'boolean') {
    return value ? 't' : 'f';
  }
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : text;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Rows streamed to PostgreSQL with COPY FROM STDIN, on the transaction's connection: the
 * server reads them for less than any INSERT statement (no statement to parse, no arrays or
 * JSON to decode), which leaves more of the machine to the steps that produce the rows.
 */
async function copyRows(runner: QueryRunner, table: string, names: string, columns: readonly ColumnMetadata[], rows: readonly object[]): Promise<void> {
  const client = (await runner.connect()) as { query: (stream: Writable) => Writable };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { from } = require('pg-copy-streams') as { from: (sql: string) => Writable };
  const sink = client.query(from(`COPY ${table} (${names}) FROM STDIN`));
  const lines = function* (): Generator<string> {
    for (let start = 0; start < rows.length; start += COPY_ROWS) {
      let text = '';
      for (const row of rows.slice(start, start + COPY_ROWS)) {
        text += columns.map((column) => copyText(columnValue(column, row, 'postgres'))).join('\t') + '\n';
      }
      yield text;
    }
  };
  await pipeline(Readable.from(lines()), sink);
}

/** Rows per chunk written to a COPY stream. */
const COPY_ROWS = 500;

/** The PostgreSQL array type that carries a column's values to unnest(), or null when there is none here. */
function postgresArrayType(column: ColumnMetadata): string | null {
  const type = typeof column.type === 'string' ? column.type.toLowerCase() : column.type === Boolean ? 'boolean' : column.type === Number ? 'integer' : '';
  switch (type) {
    case 'varchar':
    case 'character varying':
    case 'text':
      return 'text[]';
    case 'boolean':
      return 'boolean[]';
    case 'bigint':
      return 'bigint[]';
    case 'int':
    case 'integer':
      return 'integer[]';
    case 'double precision':
    case 'float':
      return 'float8[]';
    default:
      return null;
  }
}

/** A column's value in an entity object: straight from its property unless it belongs to an embedded entity or a relation. */
function entityValue(column: ColumnMetadata, row: object): unknown {
  // getEntityValue walks embeddeds and relations for every value: a tenth of a bulk insert.
  return column.embeddedMetadata || column.relationMetadata ? column.getEntityValue(row) : (row as Record<string, unknown>)[column.propertyName];
}

function columnValue(column: ColumnMetadata, row: object, dialect: Dialect): unknown {
  let value: unknown = entityValue(column, row);
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
  if (typeof value === 'string') {
    return textValue(value);
  }
  return value ?? null;
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
  const sets = quoted.slice(1).map((name) => `${name} = v.${name}`).join(', ');
  if (dialect === 'postgres') {
    const scopeSql = Object.keys(scope).map((name, i) => `${table}."${columnOf(name).databaseName}" = $${i + 2}`);
    for (let start = 0; start < rows.length; start += JSON_ROWS) {
      const records = recordsJson(columns, rows.slice(start, start + JSON_ROWS));
      await tx.query(
        `UPDATE ${table} SET ${sets} FROM json_populate_recordset(NULL::${table}, $1::json) AS v WHERE ${[...scopeSql, `${table}.${quoted[0]} = v.${quoted[0]}`].join(' AND ')}`,
        [records, ...Object.values(scope)],
      );
    }
    return;
  }
  const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length) - 1);
  for (let start = 0; start < rows.length; start += perChunk) {
    const params: unknown[] = [];
    const tuples = rows.slice(start, start + perChunk).map((row) => {
      const marks = columns.map((column) => {
        params.push(columnValue(column, row, dialect));
        return '?';
      });
      return `(${marks.join(', ')})`;
    });
    const scopeSql = Object.entries(scope).map(([name, value]) => {
      params.push(value);
      return `${table}."${columnOf(name).databaseName}" = ?`;
    });
    const values = `(SELECT ${quoted.map((name, i) => `column${i + 1} AS ${name}`).join(', ')} FROM (VALUES ${tuples.join(', ')})) AS v`;
    await tx.query(`UPDATE ${table} SET ${sets} FROM ${values} WHERE ${[...scopeSql, `${table}.${quoted[0]} = v.${quoted[0]}`].join(' AND ')}`, params);
  }
}
