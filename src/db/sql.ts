import type { DataSource, EntityManager } from 'typeorm';

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

/**
 * Insert entity objects in chunks, as they are. The objects are not updated afterwards:
 * on sqlite TypeORM re-reads default-valued columns after an insert and merges them back
 * by position, which can swap values between rows of a multi-row insert.
 */
export async function insertRows<T extends object>(
  tx: EntityManager,
  entity: new () => T,
  rows: readonly T[],
  chunkSize = 500,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) {
    await tx.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + chunkSize)).updateEntity(false).execute();
  }
}
