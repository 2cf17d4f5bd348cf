import { PackageURL } from 'packageurl-js';

export interface PurlParts {
  type: string | null;
  namespace: string | null;
  name: string | null;
  version: string | null;
  qualifiers?: Record<string, string> | null;
  subpath?: string | null;
}

/** Returns the canonical purl string for the given parts (type and name are required). */
export function buildPurl(parts: PurlParts): string {
  const qualifiers =
    parts.qualifiers && Object.keys(parts.qualifiers).length > 0 ? parts.qualifiers : undefined;
  try {
    return new PackageURL(
      parts.type ?? 'unknown',
      parts.namespace || undefined,
      parts.name ?? '',
      parts.version || undefined,
      qualifiers,
      parts.subpath || undefined,
    ).toString();
  } catch {
    return looseFormat(parts, qualifiers);
  }
}

// packageurl-js rejects some values ScanCode accepts (e.g. golang versions that are not semver).
function looseFormat(parts: PurlParts, qualifiers: Record<string, string> | undefined): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/%3A/g, ':');
  const ns = parts.namespace ? `${parts.namespace.split('/').map(enc).join('/')}/` : '';
  const version = parts.version ? `@${enc(parts.version)}` : '';
  const q = qualifiers
    ? `?${Object.keys(qualifiers)
        .sort()
        .map((k) => `${k}=${enc(qualifiers[k] ?? '')}`)
        .join('&')}`
    : '';
  const sub = parts.subpath ? `#${parts.subpath}` : '';
  return `pkg:${parts.type ?? 'unknown'}/${ns}${enc(parts.name ?? '')}${version}${q}${sub}`;
}

/** Returns the parts of a purl string, or null when it does not parse. */
export function parsePurl(purl: string): PurlParts | null {
  try {
    const p = PackageURL.fromString(purl);
    return {
      type: p.type,
      namespace: p.namespace ?? null,
      name: p.name,
      version: p.version ?? null,
      qualifiers: p.qualifiers ?? {},
      subpath: p.subpath ?? null,
    };
  } catch {
    return null;
  }
}

/** Returns an npm-style name split into scope namespace and name (`@scope/name`). */
export function splitScopedName(fullName: string): { namespace: string | null; name: string } {
  const cleaned = fullName.trim().replace(/%40/g, '@').replace(/%2f/gi, '/');
  const slash = cleaned.lastIndexOf('/');
  if (slash > 0 && cleaned.startsWith('@')) {
    return { namespace: cleaned.slice(0, slash), name: cleaned.slice(slash + 1) };
  }
  return { namespace: null, name: cleaned };
}
