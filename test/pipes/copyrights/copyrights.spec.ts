import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import spdxFull from 'spdx-license-list/full';
import { detectCopyrights } from '../../../src/pipes/copyrights/copyrights';

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('copyrights, holders and authors', () => {
  it('reads the statement and author of a real Linux UAPI header with line numbers', () => {
    const text = readFileSync('/usr/include/linux/can.h', 'utf8');
    const scan = detectCopyrights(text);
    const line = lineOf(text, 'Volkswagen Group Electronic Research');
    expect(scan.copyrights).toContainEqual({
      copyright: 'Copyright (c) 2002-2007 Volkswagen Group Electronic Research',
      start_line: line,
      end_line: line,
    });
    expect(scan.holders).toContainEqual({ holder: 'Volkswagen Group Electronic Research', start_line: line, end_line: line });
    const authorLine = lineOf(text, 'Authors:');
    expect(scan.authors[0]).toEqual({
      author: 'Oliver Hartkopp <oliver.hartkopp@volkswagen.de>',
      start_line: authorLine,
      end_line: authorLine,
    });
  });

  it('keeps an email in the statement but not in the holder', () => {
    const text = readFileSync('/usr/include/linux/if_tun.h', 'utf8');
    const scan = detectCopyrights(text);
    expect(scan.copyrights.map((c) => c.copyright)).toContain('Copyright (c) 1999-2000 Maxim Krasnyansky <max_mk@yahoo.com>');
    expect(scan.holders.map((h) => h.holder)).toContain('Maxim Krasnyansky');
  });

  it('ends a statement before the postal address that follows it (GPL-2 text)', () => {
    const text = readFileSync('/usr/share/common-licenses/GPL-2', 'utf8');
    const scan = detectCopyrights(text);
    expect(scan.copyrights[0]?.copyright).toBe('Copyright (c) 1989, 1991 Free Software Foundation, Inc.');
    expect(scan.holders[0]?.holder).toBe('Free Software Foundation, Inc.');
  });

  it('joins a statement whose holder wraps onto the next line, and drops "All rights reserved"', () => {
    const text = [
      '/*',
      ' * Copyright (c) 1999, 2000, 2010 Free Software',
      ' * Foundation, Inc.  All rights reserved.',
      ' * Copyright ©2021 Jane Q. Public',
      ' */',
    ].join('\n');
    const scan = detectCopyrights(text);
    expect(scan.copyrights).toEqual([
      { copyright: 'Copyright (c) 1999, 2000, 2010 Free Software Foundation, Inc.', start_line: 2, end_line: 3 },
      { copyright: 'Copyright ©2021 Jane Q. Public', start_line: 4, end_line: 4 },
    ]);
    expect(scan.holders.map((h) => h.holder)).toEqual(['Free Software Foundation, Inc.', 'Jane Q. Public']);
  });

  it('finds no statement in license texts that only speak about copyright', () => {
    const offenders: string[] = [];
    for (const [id, license] of Object.entries(spdxFull)) {
      for (const c of detectCopyrights(license.licenseText).copyrights) {
        // Real statements in SPDX texts carry a year or a (c) mark; prose such as "copyright notice" must not show up.
        if (!/\d{4}|\(c\)|©|Inc\.|Ltd|Foundation|University/i.test(c.copyright) || /\b(are|is|shall|provided that|permission)\b/i.test(c.copyright)) {
          offenders.push(`${id}: ${c.copyright}`);
        }
      }
    }
    expect(offenders.slice(0, 10)).toEqual([]);
  });

  it('finds the header statement but nothing in code that handles a "copyright" field', () => {
    const root = join(__dirname, '../../../node_modules/@cyclonedx/cyclonedx-library/dist.node');
    for (const file of ['models/component.js', 'serialize/json/normalize.js', 'serialize/xml/normalize.js']) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text.match(/copyright/g)?.length).toBeGreaterThan(2);
      const header = lineOf(text, 'Copyright (c) OWASP Foundation');
      expect([file, detectCopyrights(text).copyrights]).toEqual([
        file,
        [{ copyright: 'Copyright (c) OWASP Foundation', start_line: header, end_line: header }],
      ]);
    }
  });

  it('reads the statements of a Debian machine-readable copyright file', () => {
    const text = readFileSync('/usr/share/doc/tar/copyright', 'utf8');
    const scan = detectCopyrights(text);
    expect(scan.copyrights.length).toBeGreaterThanOrEqual(3);
    expect(scan.holders.map((h) => h.holder)).toContain('Free Software Foundation, Inc.');
    for (const c of scan.copyrights) {
      expect(text.split('\n')[c.start_line - 1]).toMatch(/copyright|\(c\)/i);
    }
  });
});
