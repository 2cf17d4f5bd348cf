import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys are 32 random bytes as 64 hex characters (the same form as ScanCode.io's).
 * A key with 256 bits of entropy cannot be guessed, so a single SHA-256 is the right
 * digest: a slow password hash would only slow every API call. Rows are found by the
 * first 8 characters and checked in constant time.
 */
export const KEY_PREFIX_LENGTH = 8;

export function generateApiKey(): string {
  return randomBytes(32).toString('hex');
}

export function keyPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX_LENGTH);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyMatchesHash(key: string, storedHash: string): boolean {
  const actual = Buffer.from(hashApiKey(key), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export type ParsedAuthorization =
  | { kind: 'none' }
  | { kind: 'key'; key: string }
  | { kind: 'invalid'; detail: string };

const SCHEMES = ['token', 'bearer'];

/**
 * Read an `Authorization` header as DRF's TokenAuthentication does, accepting `Bearer`
 * besides `Token`. Other schemes are ignored (the request is anonymous).
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (!header) {
    return { kind: 'none' };
  }
  const parts = header.trim().split(/\s+/);
  if (!SCHEMES.includes((parts[0] ?? '').toLowerCase())) {
    return { kind: 'none' };
  }
  if (parts.length === 1) {
    return { kind: 'invalid', detail: 'Invalid token header. No credentials provided.' };
  }
  if (parts.length > 2) {
    return { kind: 'invalid', detail: 'Invalid token header. Token string should not contain spaces.' };
  }
  const key = parts[1] ?? '';
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(key)) {
    return { kind: 'invalid', detail: 'Invalid token header. Token string should not contain invalid characters.' };
  }
  return { kind: 'key', key };
}
