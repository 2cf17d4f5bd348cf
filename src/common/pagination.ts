import type { Request } from 'express';
import { DetailError } from './errors';
import { baseUrl } from './request-context';

export interface PageRequest {
  /** 1-based page number; `last` is resolved once the count is known. */
  page: number | 'last';
  size: number;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * DRF page-number pagination: `page` (a number or `last`), plus `page_size`/`per_page`
 * up to the configured maximum. Bad sizes fall back to the default, as DRF does.
 */
export function readPageRequest(query: Request['query'], defaultSize: number, maxSize: number): PageRequest {
  const rawPage = firstString(query.page);
  let page: number | 'last' = 1;
  if (rawPage !== undefined && rawPage !== '') {
    if (rawPage === 'last') {
      page = 'last';
    } else if (/^\d+$/.test(rawPage) && Number(rawPage) >= 1) {
      page = Number(rawPage);
    } else {
      throw invalidPage();
    }
  }
  const rawSize = firstString(query.page_size) ?? firstString(query.per_page);
  let size = defaultSize;
  if (rawSize !== undefined && /^\d+$/.test(rawSize) && Number(rawSize) > 0) {
    size = Math.min(Number(rawSize), maxSize);
  }
  return { page, size };
}

/** Resolve the page number against the row count; an out-of-range page is DRF's 404. */
export function resolvePage(request: PageRequest, count: number): { offset: number; limit: number; page: number } {
  const pages = Math.max(1, Math.ceil(count / request.size));
  const page = request.page === 'last' ? pages : request.page;
  if (page > pages) {
    throw invalidPage();
  }
  return { offset: (page - 1) * request.size, limit: request.size, page };
}

/** The DRF envelope with absolute next/previous links built from the request URL. */
export function pageEnvelope<T>(req: Request, count: number, page: number, size: number, results: T[]): Page<T> {
  const pages = Math.max(1, Math.ceil(count / size));
  return {
    count,
    next: page < pages ? pageUrl(req, page + 1) : null,
    previous: page > 1 ? pageUrl(req, page - 1) : null,
    results,
  };
}

function pageUrl(req: Request, page: number): string {
  const url = new URL(req.originalUrl, baseUrl(req));
  if (page === 1) {
    url.searchParams.delete('page');
  } else {
    url.searchParams.set('page', String(page));
  }
  return url.toString();
}

function invalidPage(): DetailError {
  return new DetailError(404, 'Invalid page.');
}

export function firstString(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    return firstString(value[0]);
  }
  return typeof value === 'string' ? value : undefined;
}
