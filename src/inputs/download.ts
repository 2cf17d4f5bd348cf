import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { STATUS_CODES } from 'node:http';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import contentDisposition from 'content-disposition';
import type { Agent, Dispatcher } from 'undici';
import { sanitizeFilename, uniqueFilename } from './filenames';
import { assertPublicUrl, guardedLookup, redactCredentials, UnsafeUrlError } from './url-guard';

/** undici, loaded on first use: only runs that fetch URLs need its hundred modules. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const undici = () => require('undici') as typeof import('undici');

/** What bounds a fetch of an input: the SSRF rule, a time limit and a size limit. */
export interface FetchLimits {
  allowPrivate: boolean;
  /** Longest wait to connect, for the answer, and between two chunks (seconds). */
  timeoutSeconds: number;
  /** Largest download, in bytes. */
  maxSize: number;
  /** Longest a whole git clone may take (seconds). */
  gitCloneTimeoutSeconds: number;
  signal?: AbortSignal;
}

export interface FetchedInput {
  /** The new entry's name in the input folder. */
  filename: string;
  /** Bytes written (files); 0 for a git clone. */
  size: number;
}

/** An input that could not be fetched; the message says why and, for limits, which setting. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
}

const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Download `url` into `inputDir`, streamed to a temporary file in `tmpDir` first so a
 * failed download leaves nothing in input/. Redirects are followed, each hop checked
 * against the SSRF rule; names are also checked when connecting. The file is named from
 * Content-Disposition or the last URL's path, sanitised and never overwriting an entry.
 */
export async function downloadUrl(url: string, inputDir: string, tmpDir: string, limits: FetchLimits): Promise<FetchedInput> {
  const timeout = limits.timeoutSeconds * 1000;
  const agent = new (undici().Agent)({
    connect: { lookup: guardedLookup(limits.allowPrivate), timeout },
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const partial = path.join(tmpDir, `download-${randomUUID()}`);
  try {
    const { response, finalUrl } = await follow(url, agent, limits);
    const filename = uniqueFilename(inputDir, sanitizeFilename(responseFilename(response, finalUrl) || 'download'));
    await fs.promises.mkdir(tmpDir, { recursive: true });
    const size = await saveBody(response, partial, limits.maxSize);
    await fs.promises.rename(partial, path.join(inputDir, filename));
    return { filename, size };
  } catch (error) {
    throw asFetchError(url, error, limits);
  } finally {
    await fs.promises.rm(partial, { force: true });
    await agent.close().catch(() => undefined);
  }
}

/** GET `url`, following redirects; each new location is checked before it is requested. */
async function follow(url: string, agent: Agent, limits: FetchLimits): Promise<{ response: Dispatcher.ResponseData; finalUrl: URL }> {
  let current = new URL(url);
  current.hash = '';
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    await assertPublicUrl(current.href, limits.allowPrivate);
    const response = await undici().request(current, {
      dispatcher: agent,
      method: 'GET',
      headers: { 'user-agent': 'scanloom', accept: '*/*' },
      signal: limits.signal,
    });
    const location = response.headers.location;
    if (REDIRECT_STATUSES.has(response.statusCode) && typeof location === 'string') {
      discard(response.body);
      current = new URL(location, current);
      current.hash = '';
      continue;
    }
    if (response.statusCode !== 200) {
      discard(response.body);
      throw new FetchError(`the server answered ${response.statusCode} ${STATUS_CODES[response.statusCode] ?? ''}`.trim());
    }
    return { response, finalUrl: current };
  }
  throw new FetchError(`more than ${MAX_REDIRECTS} redirects`);
}

/** The name a server gives in Content-Disposition, else the last segment of the URL path. */
export function responseFilename(response: Pick<Dispatcher.ResponseData, 'headers'>, finalUrl: URL): string {
  const header = response.headers['content-disposition'];
  if (typeof header === 'string') {
    try {
      const name = contentDisposition.parse(header).parameters.filename;
      if (name) {
        return name;
      }
    } catch {
      // A malformed header: fall back to the URL, as browsers do.
    }
  }
  const last = finalUrl.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

async function saveBody(response: Dispatcher.ResponseData, target: string, maxSize: number): Promise<number> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxSize) {
    discard(response.body);
    throw new FetchError(tooLarge(maxSize, declared));
  }
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback(size > maxSize ? new FetchError(tooLarge(maxSize)) : null, chunk);
    },
  });
  await pipeline(response.body, counter, fs.createWriteStream(target));
  return size;
}

function tooLarge(maxSize: number, declared?: number): string {
  const what = declared === undefined ? 'the download' : `the download (${declared} bytes)`;
  return `${what} is larger than SCANLOOM_MAX_DOWNLOAD_SIZE (${maxSize} bytes)`;
}

/** One error type with the URL and a reason a user can act on. */
export function asFetchError(url: string, error: unknown, limits: Pick<FetchLimits, 'timeoutSeconds' | 'signal'>): FetchError {
  return new FetchError(`Could not fetch ${safeUrl(url)}: ${describeFailure(error, limits)}`, { cause: error });
}

function describeFailure(error: unknown, limits: Pick<FetchLimits, 'timeoutSeconds' | 'signal'>): string {
  if (error instanceof FetchError || error instanceof UnsafeUrlError) {
    return error.message;
  }
  const { errors } = undici();
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError) {
    return `the server sent nothing for ${limits.timeoutSeconds} seconds (SCANLOOM_DOWNLOAD_TIMEOUT_SECONDS)`;
  }
  if (limits.signal?.aborted) {
    return 'the run was stopped';
  }
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** Drop a body not to be read; undici reports the abort as an error event, expected here. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

export function safeUrl(url: string): string {
  try {
    return redactCredentials(new URL(url));
  } catch {
    return url;
  }
}
