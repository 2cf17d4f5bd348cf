import { makeDependency, type DependentPackage } from './models';
import { buildPurl } from './purl';

export interface Requirement {
  name: string;
  extras: string[];
  specifier: string;
  marker: string | null;
  url: string | null;
}

/** Returns a PyPI name normalised as packaging does (lower-case, runs of -_. become -). */
export function canonicalPypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Returns the parts of a PEP 508 requirement string, or null when it is not one. */
export function parseRequirement(text: string): Requirement | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(text);
  if (!m?.[1]) {
    return null;
  }
  let rest = m[3] ?? '';
  let marker: string | null = null;
  const semi = rest.indexOf(';');
  if (semi >= 0) {
    marker = rest.slice(semi + 1).trim() || null;
    rest = rest.slice(0, semi);
  }
  let url: string | null = null;
  const at = /^\s*@\s*(\S+)/.exec(rest);
  if (at?.[1]) {
    url = at[1];
    rest = '';
  }
  const specifier = rest
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .replace(/\s+/g, '');
  if (specifier !== '' && !/^[<>=!~]/.test(specifier)) {
    return null;
  }
  const extras = (m[2] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return { name: m[1], extras, specifier, marker, url };
}

/** Returns the version pinned by a specifier (`==1.2.3`, `===1.2.3`), or null for ranges and wildcards. */
export function pinnedVersion(specifier: string): string | null {
  const m = /^===?([^,*]+)$/.exec(specifier);
  return m?.[1] ?? null;
}

/** Returns the extra named by an environment marker such as `extra == "socks"`, or null. */
export function extraOfMarker(marker: string | null): string | null {
  const m = /extra\s*==\s*["']([^"']+)["']/.exec(marker ?? '');
  return m?.[1] ?? null;
}

/** Returns the ScanCode dependency for a requirement string; extras become optional scopes. */
export function pypiDependency(
  text: string,
  scope: string,
  flags: Partial<DependentPackage> = {},
): DependentPackage | null {
  const req = parseRequirement(text);
  if (!req) {
    return null;
  }
  const version = pinnedVersion(req.specifier);
  const extra = extraOfMarker(req.marker);
  const normalized = `${req.name}${req.extras.length ? `[${req.extras.join(',')}]` : ''}${req.specifier}${req.marker ? `; ${req.marker}` : ''}`;
  return makeDependency({
    purl: buildPurl({ type: 'pypi', namespace: null, name: canonicalPypiName(req.name), version }),
    extracted_requirement: normalized,
    scope: extra ?? scope,
    is_runtime: true,
    is_optional: extra !== null,
    is_pinned: version !== null,
    ...flags,
  });
}
