import spdxIds from 'spdx-license-ids/index.json';
import spdxExceptions from 'spdx-exceptions/index.json';
import deprecatedIds from 'spdx-license-ids/deprecated.json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countMappedKeys, keyToSpdxId, spdxIdToKey } from '../../../src/pipes/licenses/license-keys';

const table = readFileSync(join(__dirname, '../../../src/pipes/licenses/data/scancode-keys.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.trim().split(/\s+/) as [string, string]);

describe('ScanCode key ↔ SPDX mapping', () => {
  it('covers at least 300 ScanCode keys', () => {
    expect(countMappedKeys()).toBeGreaterThanOrEqual(300);
  });

  it('maps only to ids that exist in the SPDX list or to LicenseRef-scancode names', () => {
    const known = new Set([...spdxIds, ...deprecatedIds, ...spdxExceptions]);
    const bad = table.filter(([, spdx]) => !known.has(spdx) && !spdx.startsWith('LicenseRef-scancode-'));
    expect(bad).toEqual([]);
  });

  it('converts the keys ScanCode.io users see in both directions', () => {
    const pairs: Array<[string, string]> = [
      ['mit', 'MIT'],
      ['apache-2.0', 'Apache-2.0'],
      ['gpl-2.0', 'GPL-2.0-only'],
      ['gpl-2.0-plus', 'GPL-2.0-or-later'],
      ['bsd-new', 'BSD-3-Clause'],
      ['bsd-simplified', 'BSD-2-Clause'],
      ['lgpl-2.1-plus', 'LGPL-2.1-or-later'],
      ['public-domain', 'LicenseRef-scancode-public-domain'],
      ['linux-syscall-exception-gpl', 'Linux-syscall-note'],
    ];
    for (const [key, spdx] of pairs) {
      expect(keyToSpdxId(key)).toBe(spdx);
      expect(spdxIdToKey(spdx)).toBe(key);
    }
  });

  it('round-trips every curated key whose SPDX id is not shared', () => {
    const firstKey = new Map<string, string>();
    for (const [key, spdx] of table) {
      if (!firstKey.has(spdx)) {
        firstKey.set(spdx, key);
      }
    }
    for (const [spdx, key] of firstKey) {
      expect(spdxIdToKey(spdx)).toBe(key);
      expect(keyToSpdxId(key)).toBe(spdx);
    }
  });

  it('reads deprecated SPDX ids as ScanCode does', () => {
    expect(spdxIdToKey('GPL-2.0')).toBe('gpl-2.0');
    expect(spdxIdToKey('GPL-2.0+')).toBe('gpl-2.0-plus');
    expect(spdxIdToKey('LGPL-2.1+')).toBe('lgpl-2.1-plus');
  });

  it('falls back to lower-cased SPDX ids and LicenseRef-scanloom names', () => {
    expect(spdxIdToKey('Python-2.0.1')).toBe('python-2.0.1');
    expect(keyToSpdxId('python-2.0.1')).toBe('Python-2.0.1');
    expect(keyToSpdxId('some-vendor-eula')).toBe('LicenseRef-scanloom-some-vendor-eula');
  });
});
