import type { Request } from 'express';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { FilterError } from '../common/errors';
import { firstString } from '../common/pagination';
import { escapeLike, type Dialect } from '../db/sql';

/**
 * The filters, search and sort of ScanCode.io's nested lists (resources, packages,
 * dependencies, relations, messages), as one table-driven query builder.
 */
export type FilterKind =
  | 'text' // exact match, with _EMPTY_ / _ANY_
  | 'number' // exact number ("Enter a number.")
  | 'bool' // true/false/True/False; other values mean no filter
  | 'strictBool' // only True or False; anything else is a 400
  | 'jsonContains' // case-sensitive "JSON text contains"
  | 'jsonIContains' // case-insensitive "JSON text contains" (extra_data)
  | 'existingChoice' // a value present in the project's rows; `any` = no filter
  | 'choice'; // one of `choices`

export interface FilterSpec {
  kind: FilterKind;
  /** SQL expression of the column; defaults to `<alias>.<name>`. */
  column?: string;
  choices?: readonly string[];
}

export interface ListSpec {
  alias: string;
  filters: Readonly<Record<string, FilterSpec>>;
  /** Custom filters: return an error message when the value is not valid for them. */
  special?: Readonly<Record<string, (qb: SelectQueryBuilder<ObjectLiteral>, value: string, dialect: Dialect) => string | void>>;
  /** Searches the list handles itself (the packages list reads `pkg:` values as purls): true when handled. */
  searchOverride?: (qb: SelectQueryBuilder<ObjectLiteral>, value: string) => boolean;
  /** Fields searched by bare terms (case-insensitive contains, OR-ed). */
  searchFields: readonly string[];
  /** Columns a `field:value` search term may name, as SQL expressions. */
  searchable: Readonly<Record<string, string>>;
  /** Sort keys to SQL expressions (one key may sort on several columns). */
  sortable: Readonly<Record<string, readonly string[]>>;
  defaultOrder: readonly [string, 'ASC' | 'DESC'][];
  /** A unique, non-null column that ends every ordering, for stable pages and cursors. */
  tieBreaker: string;
}

const EMPTY = '_EMPTY_';
const ANY = '_ANY_';

/** Apply filters, search and sort from the query string; bad values are DRF's 400 `errors`. */
export async function applyListQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  spec: ListSpec,
  query: Request['query'],
  dialect: Dialect,
  availableChoices: (column: string) => Promise<string[]>,
): Promise<{ order: [string, 'ASC' | 'DESC'][] }> {
  const errors: Record<string, string[]> = {};
  let n = 0;
  const param = () => `f${n++}`;

  for (const [name, filter] of Object.entries(spec.filters)) {
    const value = firstString(query[name]);
    if (value === undefined || value === '') {
      continue;
    }
    const column = filter.column ?? `${spec.alias}.${name}`;
    const p = param();
    switch (filter.kind) {
      case 'text':
        if (value === EMPTY) {
          qb.andWhere(`(${column} = '' OR ${column} IS NULL)`);
        } else if (value === ANY) {
          qb.andWhere(`(${column} <> '' AND ${column} IS NOT NULL)`);
        } else {
          qb.andWhere(`${column} = :${p}`, { [p]: value });
        }
        break;
      case 'number':
        if (value === EMPTY) {
          qb.andWhere(`${column} IS NULL`);
        } else if (value === ANY) {
          qb.andWhere(`${column} IS NOT NULL`);
        } else if (!/^-?\d+(\.\d+)?$/.test(value)) {
          errors[name] = ['Enter a number.'];
        } else {
          qb.andWhere(`${column} = :${p}`, { [p]: Number(value) });
        }
        break;
      case 'bool':
        if (['true', 'false'].includes(value.toLowerCase())) {
          qb.andWhere(`${column} = :${p}`, { [p]: value.toLowerCase() === 'true' });
        }
        break;
      case 'strictBool':
        if (value === 'True' || value === 'False') {
          qb.andWhere(`${column} = :${p}`, { [p]: value === 'True' });
        } else {
          errors[name] = [`Select a valid choice. ${value} is not one of the available choices.`];
        }
        break;
      case 'jsonContains':
      case 'jsonIContains':
        if (value === EMPTY) {
          qb.andWhere(`${column} IN ('[]', '{}', '', 'null')`);
        } else if (value === ANY) {
          qb.andWhere(`${column} NOT IN ('[]', '{}', '', 'null')`);
        } else if (filter.kind === 'jsonContains') {
          qb.andWhere(dialect === 'postgres' ? `strpos(${column}, :${p}) > 0` : `instr(${column}, :${p}) > 0`, { [p]: value });
        } else {
          qb.andWhere(`LOWER(${column}) LIKE :${p} ESCAPE '\\'`, { [p]: `%${escapeLike(value.toLowerCase())}%` });
        }
        break;
      case 'existingChoice':
        if (value === 'any') {
          break;
        }
        if (value === EMPTY) {
          qb.andWhere(`${column} = ''`);
        } else if (!(await availableChoices(column)).includes(value)) {
          errors[name] = [`Select a valid choice. ${value} is not one of the available choices.`];
        } else {
          qb.andWhere(`${column} = :${p}`, { [p]: value });
        }
        break;
      case 'choice':
        if (value === EMPTY && filter.choices?.includes(EMPTY)) {
          qb.andWhere(`${column} = ''`);
        } else if (!filter.choices?.includes(value)) {
          errors[name] = [`Select a valid choice. ${value} is not one of the available choices.`];
        } else {
          qb.andWhere(`${column} = :${p}`, { [p]: value });
        }
        break;
    }
  }

  for (const [name, apply] of Object.entries(spec.special ?? {})) {
    const value = firstString(query[name]);
    if (value !== undefined && value !== '') {
      const problem = apply(qb as unknown as SelectQueryBuilder<ObjectLiteral>, value, dialect);
      if (problem) {
        errors[name] = [problem];
      }
    }
  }

  const search = firstString(query.search);
  if (search && !spec.searchOverride?.(qb as unknown as SelectQueryBuilder<ObjectLiteral>, search)) {
    try {
      applySearch(qb, spec, search, param);
    } catch (error) {
      errors.search = [(error as Error).message];
    }
  }

  const order = readSort(spec, firstString(query.sort), errors);
  if (Object.keys(errors).length > 0) {
    throw new FilterError(errors);
  }
  return { order };
}

function readSort(spec: ListSpec, raw: string | undefined, errors: Record<string, string[]>): [string, 'ASC' | 'DESC'][] {
  const order: [string, 'ASC' | 'DESC'][] = [];
  for (const key of (raw ?? '').split(',').map((k) => k.trim()).filter(Boolean)) {
    const descending = key.startsWith('-');
    const columns = spec.sortable[descending ? key.slice(1) : key];
    if (!columns) {
      errors.sort = [`Select a valid choice. ${key} is not one of the available choices.`];
      continue;
    }
    order.push(...columns.map((c): [string, 'ASC' | 'DESC'] => [c, descending ? 'DESC' : 'ASC']));
  }
  const base = order.length ? order : [...spec.defaultOrder];
  // The tie-breaker runs in the direction of the last key, so one index serves a sort both ways.
  return base.some(([c]) => c === spec.tieBreaker) ? base : [...base, [spec.tieBreaker, base.at(-1)?.[1] ?? 'ASC']];
}

const LOOKUP_SUFFIXES: Record<string, (column: string, p: string) => string> = {
  '=': (c, p) => `LOWER(${c}) = LOWER(:${p})`,
  '^': (c, p) => `LOWER(${c}) LIKE :${p} ESCAPE '\\'`,
  $: (c, p) => `LOWER(${c}) LIKE :${p} ESCAPE '\\'`,
  '~': (c, p) => `LOWER(${c}) LIKE :${p} ESCAPE '\\'`,
  '>': (c, p) => `${c} > :${p}`,
  '<': (c, p) => `${c} < :${p}`,
};

/** The search mini-language: bare terms OR-ed over the search fields; `field:value` terms AND-ed. */
function applySearch<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, spec: ListSpec, search: string, param: () => string): void {
  const bare: string[] = [];
  for (const term of shellSplit(search)) {
    const match = /^(-?)([a-z_]+)([=^$~><]?):(.*)$/s.exec(term);
    if (!match) {
      bare.push(term);
      continue;
    }
    const [, negate, field = '', suffix = '', value = ''] = match;
    const column = spec.searchable[field];
    if (!column) {
      qb.andWhere('1 = 0'); // unknown field: empty result, as upstream
      continue;
    }
    const p = param();
    const lookup = suffix || '~';
    const pattern = lookup === '^' ? `${escapeLike(value.toLowerCase())}%` : lookup === '$' ? `%${escapeLike(value.toLowerCase())}` : `%${escapeLike(value.toLowerCase())}%`;
    const bound = lookup === '=' || lookup === '>' || lookup === '<' ? (/^-?\d+(\.\d+)?$/.test(value) && lookup !== '=' ? Number(value) : value) : pattern;
    const condition = LOOKUP_SUFFIXES[lookup]!(column, p);
    qb.andWhere(negate ? `NOT (${condition})` : condition, { [p]: bound });
  }
  if (bare.length) {
    const conditions: string[] = [];
    const params: Record<string, string> = {};
    for (const term of bare) {
      for (const field of spec.searchFields) {
        const p = param();
        conditions.push(`LOWER(${field}) LIKE :${p} ESCAPE '\\'`);
        params[p] = `%${escapeLike(term.toLowerCase())}%`;
      }
    }
    qb.andWhere(`(${conditions.join(' OR ')})`, params);
  }
}

/** Split like Python's shlex.split: quotes group words; an unbalanced quote is an error. */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let current: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) {
        quote = null;
      } else if (c === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        current += text[++i]!;
      } else {
        current += c;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      current ??= '';
    } else if (/\s/.test(c)) {
      if (current !== null) {
        words.push(current);
        current = null;
      }
    } else if (c === '\\' && i + 1 < text.length) {
      current = (current ?? '') + text[++i]!;
    } else {
      current = (current ?? '') + c;
    }
  }
  if (quote) {
    throw new Error('No closing quotation');
  }
  if (current !== null) {
    words.push(current);
  }
  return words;
}
