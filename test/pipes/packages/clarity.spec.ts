import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatafile } from '../../../src/pipes/packages';
import { assemblePackages } from '../../../src/pipes/packages/assemble';
import { computeLicenseClarity, primaryLicense } from '../../../src/pipes/packages/clarity';
import { summarizeCodebase, type SummaryFile } from '../../../src/pipes/packages/summary';

const fixtures = join(__dirname, '../../fixtures/packages');

// Key-file detections as the file scan reports them for a package.json and a LICENSE text.
function manifestFile(path: string, content: Buffer): SummaryFile {
  const pkg = parseDatafile(path, content).packages[0];
  return {
    path,
    is_key_file: true,
    license_detections: pkg?.license_detections ?? [],
    detected_license_expression: pkg?.declared_license_expression ?? null,
    programming_language: null,
  };
}

describe('license clarity score', () => {
  const packageJson = readFileSync(join(fixtures, 'npm/express-package-lock/package.json'));

  it('scores a declared SPDX id 80 and adds 10 for a copyright in a key file (ScanCode is-npm example: 90)', () => {
    const manifest = manifestFile('express/package.json', packageJson);
    expect(computeLicenseClarity([manifest]).license_clarity_score).toEqual({
      score: 80,
      declared_license: true,
      identification_precision: true,
      has_license_text: false,
      declared_copyrights: false,
      conflicting_license_categories: false,
      ambiguous_compound_licensing: false,
    });
    const license: SummaryFile = {
      path: 'express/LICENSE',
      is_key_file: true,
      license_detections: [],
      copyrights: [{ copyright: 'Copyright (c) 2009-2014 TJ Holowaychuk' }],
    };
    expect(computeLicenseClarity([manifest, license]).license_clarity_score.score).toBe(90);
    const withText: SummaryFile = {
      ...license,
      license_detections: [
        {
          license_expression: 'mit',
          matches: [
            {
              license_expression: 'mit',
              score: 100,
              match_coverage: 100,
              rule_relevance: 100,
              rule_identifier: 'mit.LICENSE',
            },
          ],
        },
      ],
    };
    expect(computeLicenseClarity([manifest, withText]).license_clarity_score.score).toBe(100);
  });

  it('subtracts 20 when a non-key file carries a copyleft license the key files lack, and 10 for ambiguity', () => {
    const manifest = manifestFile('express/package.json', packageJson);
    const gplFile: SummaryFile = {
      path: 'express/lib/x.js',
      is_key_file: false,
      license_detections: [
        {
          license_expression: 'gpl-2.0',
          matches: [{ license_expression: 'gpl-2.0', score: 100, match_coverage: 100, rule_relevance: 100 }],
        },
      ],
    };
    const result = computeLicenseClarity([manifest, gplFile]);
    expect(result.license_clarity_score).toMatchObject({ score: 60, conflicting_license_categories: true });
    const other: SummaryFile = {
      path: 'express/COPYING',
      is_key_file: true,
      license_detections: [
        {
          license_expression: 'apache-2.0',
          matches: [
            {
              license_expression: 'apache-2.0',
              score: 100,
              match_coverage: 100,
              rule_relevance: 100,
              rule_identifier: 'apache-2.0.LICENSE',
            },
          ],
        },
      ],
    };
    const ambiguous = computeLicenseClarity([manifest, other]);
    expect(ambiguous.license_clarity_score).toMatchObject({
      score: 80,
      ambiguous_compound_licensing: true,
      has_license_text: true,
    });
    expect(ambiguous.declared_license_expression).toBe('mit AND apache-2.0');
  });

  it('never goes below zero and applies penalties only to a positive score', () => {
    const gplFile: SummaryFile = {
      path: 'x.c',
      is_key_file: false,
      license_detections: [{ license_expression: 'gpl-2.0', matches: [{ license_expression: 'gpl-2.0' }] }],
    };
    expect(computeLicenseClarity([gplFile]).license_clarity_score.score).toBe(0);
  });

  it('finds the primary expression as ScanCode does', () => {
    expect(primaryLicense(['mit', 'mit'])).toBe('mit');
    expect(primaryLicense(['mit', 'apache-2.0', 'mit OR apache-2.0'])).toBe('mit OR apache-2.0');
    expect(primaryLicense(['mit OR apache-2.0', 'apache-2.0 OR mit'])).toBe('mit OR apache-2.0');
    expect(primaryLicense(['mit', 'bsd-new'])).toBeNull();
  });
});

describe('summary of a single package', () => {
  it('takes the declared license, holder and language from the key package', () => {
    const packageJson = readFileSync(join(fixtures, 'npm/express-package-lock/package.json'));
    const assembly = assemblePackages([
      {
        path: 'express/package.json',
        packageData: parseDatafile('express/package.json', packageJson).packages,
      },
    ]);
    const files: SummaryFile[] = [
      manifestFile('express/package.json', packageJson),
      {
        path: 'express/LICENSE',
        is_key_file: true,
        license_detections: [],
        holders: [{ holder: 'TJ Holowaychuk' }],
        copyrights: [{ copyright: 'Copyright (c) 2009-2014 TJ Holowaychuk' }],
      },
      {
        path: 'express/lib/a.js',
        is_key_file: false,
        license_detections: [],
        holders: [{ holder: 'Douglas Christopher Wilson' }],
        programming_language: 'JavaScript',
      },
      {
        path: 'express/lib/b.js',
        is_key_file: false,
        license_detections: [],
        programming_language: 'JavaScript',
      },
      {
        path: 'express/x.ts',
        is_key_file: false,
        license_detections: [],
        programming_language: 'TypeScript',
      },
    ];
    const summary = summarizeCodebase(files, assembly.packages);
    expect(summary).toMatchObject({
      declared_license_expression: 'mit',
      declared_holder: 'TJ Holowaychuk',
      primary_language: 'JavaScript',
      other_holders: [{ value: 'Douglas Christopher Wilson', count: 1 }],
      other_languages: [{ value: 'TypeScript', count: 1 }],
    });
    expect(summary.license_clarity_score.score).toBe(90);
  });
});
