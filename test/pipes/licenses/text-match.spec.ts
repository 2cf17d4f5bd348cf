import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import spdxFull from 'spdx-license-list/full';
import { detectLicenses } from '../../../src/pipes/licenses/detect-licenses';
import { spdxToScancode } from '../../../src/pipes/licenses/expression';
import { loadLicenseIndex } from '../../../src/pipes/licenses/license-index';
import { TEST_INDEX_CACHE } from './support/index-cache';

const index = loadLicenseIndex(TEST_INDEX_CACHE);
const COMMON = '/usr/share/common-licenses';

/** Debian's file names for its common licenses, as SPDX ids. */
const DEBIAN_NAMES: Record<string, string> = {
  'Apache-2.0': 'Apache-2.0',
  Artistic: 'Artistic-1.0-Perl',
  BSD: 'BSD-3-Clause',
  'CC0-1.0': 'CC0-1.0',
  'GFDL-1.2': 'GFDL-1.2-only',
  'GPL-1': 'GPL-1.0-only',
  'GPL-2': 'GPL-2.0-only',
  'GPL-3': 'GPL-3.0-only',
  'LGPL-2': 'LGPL-2.0-only',
  'LGPL-2.1': 'LGPL-2.1-only',
  'LGPL-3': 'LGPL-3.0-only',
  'MPL-1.1': 'MPL-1.1',
  'MPL-2.0': 'MPL-2.0',
};

function wrap(text: string, width: number, prefix: string): string {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line.length + word.length + 1 > width) {
        out.push(prefix + line.trim());
        line = '';
      }
      line += ` ${word}`;
    }
    out.push(prefix + line.trim(), prefix.trimEnd());
  }
  return out.join('\n');
}

describe('license text matching (1-hash, 2-aho, 3-seq)', () => {
  it("identifies every license text of Debian's /usr/share/common-licenses", () => {
    const names = Object.keys(DEBIAN_NAMES).filter((n) => existsSync(join(COMMON, n)));
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) {
      const scan = detectLicenses(readFileSync(join(COMMON, name), 'utf8'), index);
      expect([name, scan.detected_license_expression]).toEqual([name, spdxToScancode(DEBIAN_NAMES[name] ?? '')]);
      expect(scan.percentage_of_license_text).toBeGreaterThan(90);
    }
  });

  it('matches an SPDX text exactly as 1-hash with full score', () => {
    const scan = detectLicenses(spdxFull['Apache-2.0']?.licenseText ?? '', index);
    expect(scan.license_detections).toHaveLength(1);
    expect(scan.license_detections[0]?.matches[0]).toMatchObject({ matcher: '1-hash', score: 100, match_coverage: 100 });
  });

  it('matches a license re-wrapped in a comment block with a copyright line, with its line range', () => {
    const mit = (spdxFull.MIT?.licenseText ?? '').replace(/^.*<year>.*$/m, '');
    const file = [
      "'use strict';",
      '/*',
      ' * Copyright (c) 2019 Jane Example',
      wrap(mit, 50, ' * '),
      ' */',
      'module.exports = function add(a, b) { return a + b; };',
    ].join('\n');
    const lines = file.split('\n');
    const scan = detectLicenses(file, index);
    expect(scan.detected_license_expression).toBe('mit');
    const match = scan.license_detections[0]?.matches[0];
    expect(match?.start_line).toBe(lines.findIndex((l) => l.includes('MIT License')) + 1);
    expect(match?.end_line).toBe(lines.findIndex((l) => l.includes('DEALINGS IN THE SOFTWARE')) + 1);
    expect(match?.match_coverage).toBeGreaterThan(95);
    expect(scan.percentage_of_license_text).toBeGreaterThan(50);
    expect(scan.percentage_of_license_text).toBeLessThan(100);
  });

  it('reports two licenses in one file as two detections with their own lines', () => {
    const bsd = readFileSync(join(COMMON, 'BSD'), 'utf8');
    const apache = spdxFull['Apache-2.0']?.licenseText ?? '';
    const file = `Part one is under:\n\n${bsd}\n\n------\nPart two is under:\n\n${apache}`;
    const scan = detectLicenses(file, index);
    expect(scan.license_detections.map((d) => d.license_expression)).toEqual(['bsd-new', 'apache-2.0']);
    expect(scan.detected_license_expression).toBe('bsd-new AND apache-2.0');
    const [first, second] = scan.license_detections;
    expect((first?.matches[0]?.end_line ?? 0) < (second?.matches[0]?.start_line ?? 0)).toBe(true);
    expect(scan.detected_license_expression_spdx).toBe('BSD-3-Clause AND Apache-2.0');
  });

  it('reports a fragment of a license as a clue, not as a detection', () => {
    const gpl = readFileSync(join(COMMON, 'GPL-3'), 'utf8');
    const fragment = gpl.slice(Math.floor(gpl.length * 0.4), Math.floor(gpl.length * 0.55));
    const scan = detectLicenses(fragment, index);
    expect(scan.license_detections).toEqual([]);
    expect(scan.license_clues.length).toBeGreaterThan(0);
    // SSPL and AGPL reuse GPL-3.0's wording, so any of them may be the closest text.
    expect(scan.license_clues[0]?.license_expression).toMatch(/gpl-3\.0|sspl-1\.0/);
    expect(scan.license_clues[0]?.match_coverage).toBeLessThan(60);
    expect(scan.detected_license_expression).toBeNull();
  });

  it('finds nothing in code that only mentions licenses in identifiers', () => {
    const scan = detectLicenses(
      'const license = pkg.license;\nfunction getLicense(x) { return x.license || "none"; }\n',
      index,
    );
    expect(scan.license_detections).toEqual([]);
    expect(scan.detected_license_expression).toBeNull();
  });

  it("agrees with the single SPDX id declared by this project's installed npm packages", () => {
    const root = join(__dirname, '../../../node_modules');
    let total = 0;
    let agree = 0;
    const misses: string[] = [];
    for (const name of readdirSync(root).filter((n) => !n.startsWith('.') && !n.startsWith('@'))) {
      const dir = join(root, name);
      const license = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
      let declared: unknown;
      try {
        declared = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { license?: unknown }).license;
      } catch {
        continue;
      }
      if (!license || typeof declared !== 'string' || !/^[A-Za-z0-9.-]+$/.test(declared)) {
        continue;
      }
      total++;
      const scan = detectLicenses(readFileSync(join(dir, license), 'utf8'), index);
      if (scan.detected_license_expression === spdxToScancode(declared)) {
        agree++;
      } else {
        misses.push(`${name}: ${declared} → ${scan.detected_license_expression}`);
      }
    }
    expect(total).toBeGreaterThan(100);
    expect({ rate: agree / total >= 0.95, misses: misses.slice(0, 10) }).toMatchObject({ rate: true });
  });
});
