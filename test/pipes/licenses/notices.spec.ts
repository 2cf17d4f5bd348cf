import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLicenses } from '../../../src/pipes/licenses/detect-licenses';
import { loadLicenseIndex } from '../../../src/pipes/licenses/license-index';
import { TEST_INDEX_CACHE } from './support/index-cache';

const index = loadLicenseIndex(TEST_INDEX_CACHE);
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('license notices in real file headers (2-aho, 3-seq)', () => {
  it('reads a GPL "version 2 or any later version" notice exactly, next to the SPDX tag', () => {
    const text = readFileSync('/usr/include/mtd/ubi-user.h', 'utf8');
    const scan = detectLicenses(text, index);
    const notice = scan.license_detections.flatMap((d) => d.matches).find((m) => m.matcher !== '1-spdx-id');
    expect(notice).toMatchObject({
      license_expression: 'gpl-2.0-plus',
      license_expression_spdx: 'GPL-2.0-or-later',
      start_line: lineOf(text, 'This program is free software'),
      end_line: lineOf(text, 'General Public License for more details'),
      match_coverage: 100,
    });
    expect(scan.detected_license_expression).toBe('gpl-2.0-plus WITH linux-syscall-exception-gpl AND gpl-2.0-plus');
  });

  it('tells an LGPL-2.1+ notice from a GPL one that differs by a word inside a required phrase', () => {
    const text = readFileSync('/usr/include/linux/nilfs2_api.h', 'utf8');
    const scan = detectLicenses(text, index);
    const keys = scan.license_detections.flatMap((d) => d.matches.map((m) => m.license_expression));
    expect(keys).toContain('lgpl-2.1-plus');
    expect(keys).not.toContain('gpl-2.0-plus');
    const notice = scan.license_detections.flatMap((d) => d.matches).find((m) => m.license_expression === 'lgpl-2.1-plus');
    expect(notice?.matcher).toBe('3-seq');
    expect(notice?.start_line).toBe(lineOf(text, 'This program is free software'));
  });

  it('reads an Apache-2.0 notice worded differently from the rule as an approximate match', () => {
    const text = readFileSync(join(__dirname, '../../../node_modules/reflect-metadata/Reflect.js'), 'utf8');
    const scan = detectLicenses(text, index);
    expect(scan.detected_license_expression).toBe('apache-2.0');
    const [match] = scan.license_detections[0]?.matches ?? [];
    expect(match?.matcher).toBe('3-seq');
    expect(match?.start_line).toBe(lineOf(text, 'Licensed under the Apache License'));
    expect(match?.score).toBeLessThan(100);
    expect(scan.percentage_of_license_text).toBeLessThan(10);
  });

  it('reads the short "as published by ... either version 2 ... or any later version" notice of a dual-licensed paragraph', () => {
    // Debian's copyright file of elfutils (test/fixtures/licenses/debian/ORIGIN.md): "License: LGPL-3+ or GPL-2+".
    const text = readFileSync(join(__dirname, '../../fixtures/licenses/debian/libelf1.copyright'), 'utf8');
    const matches = detectLicenses(text, index).license_detections.flatMap((d) => d.matches);
    const start = lineOf(text, '* the GNU General Public License as published by the Free');
    const end = start + text.split('\n').slice(start).findIndex((l) => l.includes('any later version')) + 1;
    expect(matches.find((m) => m.license_expression === 'gpl-2.0-plus')).toMatchObject({ start_line: start, end_line: end });
    const lgpl = matches.filter((m) => m.license_expression === 'lgpl-3.0-plus').map((m) => m.start_line);
    expect(lgpl).toContain(lineOf(text, '* the GNU Lesser General Public License as published by the Free'));
  });
});
