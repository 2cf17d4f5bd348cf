import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectCopyrights } from '../../../src/pipes/copyrights/copyrights';

/** Real license files of npm packages (see test/fixtures/licenses/npm/ORIGIN.md). */
const fixture = (name: string): string =>
  readFileSync(join(__dirname, '../../fixtures/licenses/npm', name), 'utf8');
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('copyrights of real npm LICENSE files', () => {
  it('reads a statement without a year whose holder starts like a word ("Isaac")', () => {
    const text = fixture('semver-7.8.6.LICENSE');
    const line = lineOf(text, 'Isaac Z. Schlueter');
    expect(detectCopyrights(text)).toEqual({
      copyrights: [
        { copyright: 'Copyright (c) Isaac Z. Schlueter and Contributors', start_line: line, end_line: line },
      ],
      holders: [{ holder: 'Isaac Z. Schlueter and Contributors', start_line: line, end_line: line }],
      authors: [],
    });
  });

  it('reads "Copyright" after other words on the line, and both statements of a file', () => {
    const text = fixture('brace-expansion-5.0.13.LICENSE');
    const scan = detectCopyrights(text);
    expect(scan.copyrights.map((c) => c.copyright)).toEqual([
      'Copyright Julian Gruber <julian@juliangruber.com>',
      'Copyright Isaac Z. Schlueter <i@izs.me>',
    ]);
    expect(scan.holders.map((h) => h.holder)).toEqual(['Julian Gruber', 'Isaac Z. Schlueter']);
    expect(scan.copyrights[1]?.start_line).toBe(lineOf(text, 'TypeScript port'));
  });

  it('splits two statements written on one line', () => {
    const text = fixture('yargs-18.2.0.LICENSE');
    const line = lineOf(text, 'Modified work');
    expect(detectCopyrights(text).copyrights).toEqual([
      { copyright: 'Copyright 2010 James Halliday (mail@substack.net)', start_line: line, end_line: line },
      { copyright: 'Copyright 2014 Contributors (ben@npmjs.com)', start_line: line, end_line: line },
    ]);
    expect(detectCopyrights(text).holders.map((h) => h.holder)).toEqual(['James Halliday', 'Contributors']);
  });

  it('keeps the text of a Markdown link and leaves its address out of the holder', () => {
    const scan = detectCopyrights(fixture('fast-levenshtein-3.0.0.LICENSE.md'));
    expect(scan.copyrights.map((c) => c.copyright)).toEqual([
      'Copyright (c) 2013 Ramesh Nair (http://www.hiddentao.com/)',
    ]);
    expect(scan.holders.map((h) => h.holder)).toEqual(['Ramesh Nair']);
  });

  it('drops emails and web sites in parentheses from holders, keeping them in the statement', () => {
    const mkdirp = detectCopyrights(fixture('mkdirp-3.0.1.LICENSE'));
    expect(mkdirp.copyrights[0]?.copyright).toBe(
      'Copyright (c) 2011-2023 James Halliday (mail@substack.net) and Isaac Z. Schlueter (i@izs.me)',
    );
    expect(mkdirp.holders.map((h) => h.holder)).toEqual(['James Halliday and Isaac Z. Schlueter']);
    const escalade = detectCopyrights(fixture('escalade-3.2.0.license'));
    expect(escalade.holders.map((h) => h.holder)).toEqual(['Luke Edwards']);
  });

  it('carries a statement on over the names listed below it', () => {
    const text = fixture('retry-0.13.1.License');
    const scan = detectCopyrights(text);
    expect(scan.copyrights).toEqual([
      {
        copyright:
          'Copyright (c) 2011 Tim Koschützki (tim@debuggable.com) Felix Geisendörfer (felix@debuggable.com)',
        start_line: lineOf(text, 'Copyright (c) 2011:'),
        end_line: lineOf(text, 'Felix Geisendörfer'),
      },
    ]);
  });

  it('reads a lower-case "copyright" before a name and its wrapped holder list, not the CC0 sentence', () => {
    const text = fixture('lodash-4.18.1.LICENSE');
    const scan = detectCopyrights(text);
    expect(scan.copyrights).toEqual([
      {
        copyright: 'Copyright OpenJS Foundation and other contributors <https://openjsf.org/>',
        start_line: 1,
        end_line: 1,
      },
      {
        copyright:
          'copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors <http://underscorejs.org/>',
        start_line: lineOf(text, 'Based on Underscore.js'),
        end_line: lineOf(text, 'DocumentCloud and Investigative'),
      },
    ]);
    expect(text).toContain('Copyright and related rights for sample code are waived via CC0');
  });

  it('reads the © sign before a name without a year', () => {
    const scan = detectCopyrights(fixture('file-entry-cache-11.1.5.LICENSE'));
    expect(scan.copyrights.map((c) => c.copyright)).toEqual(['© Jared Wray']);
    expect(scan.holders.map((h) => h.holder)).toEqual(['Jared Wray']);
  });

  it('finds nothing in a README whose code samples print "© 2024"', () => {
    const text = fixture('nodable-entities-3.1.0.README.md');
    expect(text.match(/©/g)?.length).toBeGreaterThan(3);
    expect(detectCopyrights(text)).toEqual({ copyrights: [], holders: [], authors: [] });
  });
});
