import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { assertPublicUrl, guardedLookup, UnsafeUrlError } from '../inputs/url-guard';

/** Longest response text kept on a delivery row. */
const MAX_RESPONSE_TEXT = 64 * 1024;
/** Longest wait a target may ask for with Retry-After. */
const MAX_RETRY_AFTER_SECONDS = 86_400;

export const SIGNATURE_HEADER = 'X-Scanloom-Signature';
export const DELIVERY_HEADER = 'X-Scanloom-Delivery';

export interface SendOptions {
  timeoutSeconds: number;
  allowPrivate: boolean;
  secret: string | null;
  deliveryUuid: string;
  userAgent: string;
}

/** What one attempt got: an HTTP answer, or an error before any answer. */
export type SendOutcome =
  | { statusCode: number; responseText: string; retryAfterSeconds: number | null }
  | { error: string; retryable: boolean };

/** `sha256=<hex>`: the HMAC-SHA256 of the exact body bytes with the subscription's secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Whether an outcome calls for another attempt: network errors, timeouts, 5xx and 429. */
export function isRetryable(outcome: SendOutcome): boolean {
  return 'error' in outcome ? outcome.retryable : outcome.statusCode >= 500 || outcome.statusCode === 429;
}

export function isSuccess(statusCode: number | null): boolean {
  return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

/**
 * POST a JSON body to a webhook target, with a deadline on the whole exchange. Targets
 * follow the outbound address rule of input URLs (checked before and at connect time);
 * redirects are not followed.
 */
export async function sendWebhook(url: string, body: string, options: SendOptions): Promise<SendOutcome> {
  try {
    await assertPublicUrl(url, options.allowPrivate);
  } catch (error) {
    if (error instanceof UnsafeUrlError) {
      // Name resolution failures may be temporary; a refused address is not.
      return { error: error.message, retryable: error.message.startsWith('Could not resolve') };
    }
    throw error;
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'User-Agent': options.userAgent,
    [DELIVERY_HEADER]: options.deliveryUuid,
  };
  if (options.secret) {
    headers[SIGNATURE_HEADER] = signBody(options.secret, body);
  }
  return new Promise<SendOutcome>((resolve) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.request(url, { method: 'POST', headers, lookup: guardedLookup(options.allowPrivate) });
    const deadline = setTimeout(() => {
      request.destroy(new Error(`No complete answer within ${options.timeoutSeconds} seconds.`));
    }, options.timeoutSeconds * 1000);
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(deadline);
      const refused = error instanceof UnsafeUrlError;
      resolve({ error: refused ? error.message : describeNetworkError(error), retryable: !refused });
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_TEXT) {
          chunks.push(chunk);
          size += chunk.length;
        }
      });
      response.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(deadline);
        resolve({ error: describeNetworkError(error), retryable: true });
      });
      response.on('end', () => {
        clearTimeout(deadline);
        resolve({
          statusCode: response.statusCode ?? 0,
          responseText: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_TEXT),
          retryAfterSeconds: parseRetryAfter(response.headers['retry-after']),
        });
      });
    });
    request.end(body);
  });
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}

/** Retry-After in seconds (delta-seconds or an HTTP date), capped at a day. */
function parseRetryAfter(value: string | undefined): number | null {
  if (!value) {
    return null;
  }
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, MAX_RETRY_AFTER_SECONDS) : null;
}
