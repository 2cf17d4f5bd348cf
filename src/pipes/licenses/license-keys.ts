import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { licenseDataDir } from './data-dir';
import spdxIds from 'spdx-license-ids/index.json';
import deprecatedSpdxIds from 'spdx-license-ids/deprecated.json';
import spdxExceptions from 'spdx-exceptions/index.json';

/** Prefix of SPDX names for keys neither SPDX nor ScanCode's own list knows. */
export const SCANLOOM_LICENSE_REF_PREFIX = 'LicenseRef-scanloom-';

interface KeyTables {
  keyToSpdx: Map<string, string>;
  spdxToKey: Map<string, string>;
  /** Lower-cased SPDX id (licenses, deprecated ids and exceptions) to its canonical spelling. */
  spdxCanonical: Map<string, string>;
  exceptions: Set<string>;
}

let tables: KeyTables | undefined;

function loadTables(): KeyTables {
  const keyToSpdx = new Map<string, string>();
  const spdxToKey = new Map<string, string>();
  const text = readFileSync(join(licenseDataDir(), 'scancode-keys.txt'), 'utf8');
  for (const line of text.split('\n')) {
    const [key, spdx] = line.trim().split(/\s+/);
    if (!key || !spdx || key.startsWith('#')) {
      continue;
    }
    keyToSpdx.set(key, spdx);
    if (!spdxToKey.has(spdx.toLowerCase())) {
      spdxToKey.set(spdx.toLowerCase(), key);
    }
  }
  const spdxCanonical = new Map<string, string>();
  for (const id of [...spdxIds, ...deprecatedSpdxIds, ...spdxExceptions]) {
    spdxCanonical.set(id.toLowerCase(), id);
  }
  const exceptions = new Set(spdxExceptions.map((id) => id.toLowerCase()));
  return { keyToSpdx, spdxToKey, spdxCanonical, exceptions };
}

function getTables(): KeyTables {
  tables ??= loadTables();
  return tables;
}

/** Returns the number of ScanCode keys with a curated SPDX mapping. */
export function countMappedKeys(): number {
  return getTables().keyToSpdx.size;
}

/** Returns the canonical spelling of an SPDX license or exception id, or undefined if SPDX has none. */
export function canonicalSpdxId(id: string): string | undefined {
  return getTables().spdxCanonical.get(id.toLowerCase());
}

/** Returns true when the SPDX id (any case) names an SPDX license exception. */
export function isSpdxException(id: string): boolean {
  return getTables().exceptions.has(id.toLowerCase());
}

/**
 * Returns the ScanCode key for an SPDX id. Deprecated ids (GPL-2.0, GPL-2.0+) map like their
 * current form; ids without a curated key fall back to the lower-cased id, which is ScanCode's
 * own convention for licenses added from the SPDX list.
 */
export function spdxIdToKey(id: string): string {
  const t = getTables();
  const lower = id.toLowerCase();
  const curated = t.spdxToKey.get(lower);
  if (curated) {
    return curated;
  }
  if (lower.startsWith('licenseref-scancode-')) {
    return lower.slice('licenseref-scancode-'.length);
  }
  if (lower.startsWith(SCANLOOM_LICENSE_REF_PREFIX.toLowerCase())) {
    return lower.slice(SCANLOOM_LICENSE_REF_PREFIX.length);
  }
  if (lower.endsWith('+')) {
    return `${spdxIdToKey(lower.slice(0, -1))}-plus`;
  }
  // Deprecated bare GNU ids (GPL-2.0) mean "-only" in ScanCode's reading.
  const only = t.spdxToKey.get(`${lower}-only`);
  if (only) {
    return only;
  }
  return lower;
}

/** Returns the SPDX id for a ScanCode key, or LicenseRef-scanloom-<key> when none is known. */
export function keyToSpdxId(key: string): string {
  const t = getTables();
  const lower = key.toLowerCase();
  const curated = t.keyToSpdx.get(lower);
  if (curated) {
    return curated;
  }
  const canonical = t.spdxCanonical.get(lower);
  if (canonical && !isDeprecatedSpdx(canonical)) {
    return canonical;
  }
  if (lower.endsWith('-plus')) {
    const base = keyToSpdxId(lower.slice(0, -'-plus'.length));
    if (!base.startsWith('LicenseRef-')) {
      return base.endsWith('-only') ? base.replace(/-only$/, '-or-later') : `${base}+`;
    }
  }
  return `${SCANLOOM_LICENSE_REF_PREFIX}${lower}`;
}

const deprecated = new Set(deprecatedSpdxIds);

/** Returns true for SPDX ids the SPDX list marks deprecated. */
export function isDeprecatedSpdx(id: string): boolean {
  return deprecated.has(id);
}
