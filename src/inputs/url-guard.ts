import * as dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** The setting that lets Scanloom reach private networks (on-prem artifact servers, test servers). */
export const ALLOW_PRIVATE_SETTING = 'SCANLOOM_ALLOW_PRIVATE_URLS';

/** A URL or an address Scanloom will not connect to; the message names the rule and the setting. */
export class UnsafeUrlError extends Error {
  override readonly name = 'UnsafeUrlError';
}

// Cloud instance metadata services hand out credentials: never reachable, whatever the setting.
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254']);

const RANGE_NAMES: Readonly<Record<string, string>> = {
  unspecified: 'an unspecified',
  loopback: 'a loopback',
  private: 'a private',
  linkLocal: 'a link-local',
  carrierGradeNat: 'a shared (CGNAT)',
  uniqueLocal: 'a unique-local',
  deprecatedSiteLocal: 'a site-local',
};

const PRIVATE_RULE =
  'Scanloom does not connect to loopback, private, link-local, shared (CGNAT), unique-local, reserved or unspecified ' +
  `addresses unless ${ALLOW_PRIVATE_SETTING}=true.`;

/**
 * Why `address` may not be connected to, or null when it may. Only public unicast
 * addresses pass; `allowPrivate` also lets private-network addresses through, but never
 * the cloud metadata service, multicast or broadcast.
 */
export function addressRefusal(address: string, allowPrivate: boolean): string | null {
  const reason = refusalReason(address, allowPrivate);
  return reason && `${address} is ${reason}`;
}

/** What the address is and the rule, e.g. `a loopback address. Scanloom does not…`. */
function refusalReason(address: string, allowPrivate: boolean): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it stands for.
    parsed = ipaddr.process(address);
  } catch {
    return 'not an IP address.';
  }
  if (METADATA_ADDRESSES.has(parsed.toString())) {
    return 'the cloud metadata service address: Scanloom never connects to it.';
  }
  const range = parsed.range();
  if (range === 'unicast') {
    return null;
  }
  if (range === 'multicast' || range === 'broadcast') {
    return `a ${range} address.`;
  }
  if (allowPrivate) {
    return null;
  }
  return `${RANGE_NAMES[range] ?? 'a reserved'} address. ${PRIVATE_RULE}`;
}

/** `host` when it is the address itself, else `host resolves to address, which is …`. */
function describeRefusal(host: string, address: string, reason: string): string {
  return host === address ? `${address} is ${reason}` : `${host} resolves to ${address}, which is ${reason}`;
}

/**
 * Why a URL whose host is an IP literal may not be fetched, or null (names are not
 * resolved here): for checks made when a request is received, without network access.
 */
export function literalHostRefusal(url: URL, allowPrivate: boolean): string | null {
  const host = bareHost(url);
  if (!ipaddr.isValid(host)) {
    return null;
  }
  const reason = refusalReason(host, allowPrivate);
  return reason && `Refused ${redactCredentials(url)}: ${describeRefusal(host, host, reason)}`;
}

/** The host of a URL as an address or a name: IPv6 brackets removed. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Check that `url` is http(s) and that every address its host resolves to may be reached
 * (see addressRefusal). Returns the addresses. Throws UnsafeUrlError naming the rule and
 * the setting. Connect through guardedLookup() too: the name may resolve differently
 * when the connection is made (DNS rebinding).
 */
export async function assertPublicUrl(url: string, allowPrivate: boolean): Promise<string[]> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsafeUrlError(`${url} is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UnsafeUrlError(`URL scheme '${parsed.protocol.slice(0, -1)}' is not supported: use http:// or https://.`);
  }
  const host = bareHost(parsed);
  const addresses = ipaddr.isValid(host) ? [host] : await resolveAll(host);
  for (const address of addresses) {
    const reason = refusalReason(address, allowPrivate);
    if (reason) {
      throw new UnsafeUrlError(`Refused ${redactCredentials(parsed)}: ${describeRefusal(host, address, reason)}`);
    }
  }
  return addresses;
}

async function resolveAll(host: string): Promise<string[]> {
  try {
    const found = await dns.promises.lookup(host, { all: true, verbatim: true });
    return found.map((entry) => entry.address);
  } catch (error) {
    throw new UnsafeUrlError(`Could not resolve the host ${host}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

/**
 * A `lookup` for net.connect, tls.connect and undici's connector that refuses names
 * resolving to addresses addressRefusal() rejects, checked when the connection is made.
 * (Hosts given as IP literals skip `lookup`: check those with assertPublicUrl first.)
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      for (const entry of addresses) {
        const reason = refusalReason(entry.address, allowPrivate);
        if (reason) {
          callback(new UnsafeUrlError(`Refused to connect: ${describeRefusal(hostname, entry.address, reason)}`), '', 0);
          return;
        }
      }
      const first = addresses[0];
      if (options.all) {
        callback(null, addresses);
      } else if (first) {
        callback(null, first.address, first.family);
      } else {
        callback(Object.assign(new Error(`No address found for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      }
    });
  };
}

/** The URL without its user:password part, for messages and logs. */
export function redactCredentials(url: URL): string {
  if (!url.username && !url.password) {
    return url.href;
  }
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
