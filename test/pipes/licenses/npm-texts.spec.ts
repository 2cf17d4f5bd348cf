import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLicenses } from '../../../src/pipes/licenses/detect-licenses';
import { loadLicenseIndex } from '../../../src/pipes/licenses/license-index';
import { TEST_INDEX_CACHE } from './support/index-cache';

const index = loadLicenseIndex(TEST_INDEX_CACHE);
/** Real license files of npm packages (see test/fixtures/licenses/npm/ORIGIN.md). */
const fixture = (name: string): string =>
  readFileSync(join(__dirname, '../../fixtures/licenses/npm', name), 'utf8');
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('license detection on real npm LICENSE files', () => {
  it('matches a CC-BY-4.0 text whose considerations repeat a phrase as one detection, without clues', () => {
    // "More considerations for licensors: wiki.creativecommons.org/Considerations_for_licensors"
    // repeats three words of the SPDX text: the alignment must step over them.
    const text = fixture('caniuse-lite-1.0.30001827.LICENSE');
    const scan = detectLicenses(text, index);
    expect(scan.detected_license_expression).toBe('cc-by-4.0');
    expect(scan.license_clues).toEqual([]);
    expect(scan.license_detections).toHaveLength(1);
    const [match] = scan.license_detections[0]?.matches ?? [];
    expect(match?.start_line).toBe(1);
    expect(match?.end_line).toBe(text.trimEnd().split('\n').length);
    expect(match?.match_coverage).toBeGreaterThan(99);
  });

  it('names the FreeBSD variant when a BSD-2-Clause text ends with the "views and conclusions" sentence', () => {
    const text = fixture('uri-js-4.4.1.LICENSE');
    expect(text).toContain('The views and conclusions contained in the software');
    const scan = detectLicenses(text, index);
    expect(scan.detected_license_expression).toBe('bsd-2-clause-views');
    expect(scan.detected_license_expression_spdx).toBe('BSD-2-Clause-Views');
  });

  it('reports the ISC license and the bundled Node.js MIT license of one file with their own lines', () => {
    const text = fixture('fs.realpath-1.0.0.LICENSE');
    const scan = detectLicenses(text, index);
    expect(scan.detected_license_expression).toBe('isc AND mit');
    const isc = scan.license_detections.find((d) => d.license_expression === 'isc');
    const mitText = scan.license_detections.find((d) =>
      d.matches.some((m) => m.end_line - m.start_line > 10 && m.license_expression === 'mit'),
    );
    expect(isc?.matches.at(-1)?.end_line).toBeLessThan(lineOf(text, 'This library bundles'));
    expect(mitText?.matches[0]?.start_line).toBe(
      lineOf(text, 'Permission is hereby granted, free of charge'),
    );
    expect(mitText?.matches[0]?.end_line).toBe(lineOf(text, 'DEALINGS IN THE SOFTWARE'));
  });
});
