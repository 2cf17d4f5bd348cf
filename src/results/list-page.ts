import type { Request } from 'express';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DetailError } from '../common/errors';
import { firstString, pageEnvelope, readPageRequest, resolvePage, type Page } from '../common/pagination';
import { baseUrl } from '../common/request-context';

export interface CursorPage<T> {
  next: string | null;
  previous: null;
  results: T[];
}

/**
 * One page of a nested list: DRF page numbers by default, or keyset paging when the
 * request carries `cursor` (start with `?cursor=`, then follow `next`): page 20,000 of a
 * million rows costs what page 1 costs.
 */
export async function fetchPage<T extends ObjectLiteral>(
  req: Request,
  qb: SelectQueryBuilder<T>,
  order: [string, 'ASC' | 'DESC'][],
  sizes: { pageSize: number; maxPageSize: number },
  sortValue: (row: T, column: string) => unknown,
): Promise<Page<T> | CursorPage<T>> {
  const sortValues = (row: T) => Promise.all(order.map(([column]) => sortValue(row, column)));
  const request = readPageRequest(req.query, sizes.pageSize, sizes.maxPageSize);
  const cursor = firstString(req.query.cursor);
  if (cursor !== undefined) {
    if (cursor !== '') {
      applyCursor(qb, order, decodeCursor(cursor, order.length));
    }
    for (const [i, [column, direction]] of order.entries()) {
      qb[i === 0 ? 'orderBy' : 'addOrderBy'](column, direction);
    }
    const rows = await qb.limit(request.size + 1).getMany();
    const results = rows.slice(0, request.size);
    const last = results.at(-1);
    const next = rows.length > request.size && last ? withParam(req, 'cursor', encodeCursor(await sortValues(last))) : null;
    return { next, previous: null, results };
  }
  const count = await qb.getCount();
  const { offset, limit, page } = resolvePage(request, count);
  for (const [i, [column, direction]] of order.entries()) {
    qb[i === 0 ? 'orderBy' : 'addOrderBy'](column, direction);
  }
  const results = count > 0 ? await qb.offset(offset).limit(limit).getMany() : [];
  return pageEnvelope(req, count, page, request.size, results);
}

/** Rows strictly after the cursor in the given order: (a > x) OR (a = x AND b > y) … */
function applyCursor<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, order: [string, 'ASC' | 'DESC'][], values: unknown[]): void {
  const params: Record<string, unknown> = {};
  const alternatives = order.map(([column, direction], i) => {
    const equal = order.slice(0, i).map(([c], j) => {
      params[`c${j}`] = values[j];
      return `${c} = :c${j}`;
    });
    params[`c${i}`] = values[i];
    return [...equal, `${column} ${direction === 'ASC' ? '>' : '<'} :c${i}`].join(' AND ');
  });
  // The redundant bound on the first column lets the database seek in its index instead of
  // scanning every row before the cursor.
  const [first] = order;
  const bound = first ? `${first[0]} ${first[1] === 'ASC' ? '>=' : '<='} :c0 AND ` : '';
  qb.andWhere(`(${bound}(${alternatives.map((a) => `(${a})`).join(' OR ')}))`, params);
}

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === length) {
      return values;
    }
  } catch {
    // fall through
  }
  throw new DetailError(404, 'Invalid cursor');
}

function withParam(req: Request, name: string, value: string): string {
  const url = new URL(req.originalUrl, baseUrl(req));
  url.searchParams.set(name, value);
  url.searchParams.delete('page');
  return url.toString();
}
