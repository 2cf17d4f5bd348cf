import { open } from 'node:fs/promises';
import type { SbomKind } from './model';

const SNIFF_BYTES = 64 * 1024;

/**
 * Returns the SBOM format of a file from its name and, for generic `.json`/`.xml`/`.yml` names, from
 * its first bytes (ScanCode.io's `get_default_package_type` rules, plus SPDX tag-value); null when
 * the file is not an SBOM.
 */
export async function detectSbom(file: string): Promise<SbomKind | null> {
  const name = file.toLowerCase();
  if (name.endsWith('.spdx.json')) {
    return 'spdx-json';
  }
  if (name.endsWith('.spdx.yml') || name.endsWith('.spdx.yaml')) {
    return 'spdx-yaml';
  }
  if (name.endsWith('.spdx')) {
    return 'spdx-tag-value';
  }
  if (name.endsWith('.cdx.json') || name.endsWith('bom.json')) {
    return 'cyclonedx-json';
  }
  if (name.endsWith('.cdx.xml') || name.endsWith('bom.xml')) {
    return 'cyclonedx-xml';
  }
  if (!/\.(json|xml|ya?ml|txt)$/.test(name)) {
    return null;
  }
  const head = await readHead(file);
  if (name.endsWith('.json')) {
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(head)) {
      return 'cyclonedx-json';
    }
    return /"spdxVersion"\s*:\s*"SPDX-/.test(head) && /"SPDXID"\s*:/.test(head) ? 'spdx-json' : null;
  }
  if (name.endsWith('.xml')) {
    return /<(\w+:)?bom\b[^>]*cyclonedx\.org\/schema\/bom/.test(head) ? 'cyclonedx-xml' : null;
  }
  if (name.endsWith('.txt')) {
    return /^\s*SPDXVersion:\s*SPDX-/m.test(head) ? 'spdx-tag-value' : null;
  }
  return /^spdxVersion:\s*["']?SPDX-/m.test(head) && /^SPDXID:/m.test(head) ? 'spdx-yaml' : null;
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}
