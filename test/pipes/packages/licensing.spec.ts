import { normalizeLicenseStatement, toScancodeExpression } from '../../../src/pipes/packages/licensing';

describe('declared license normalisation', () => {
  it.each([
    ['MIT', 'mit', 'MIT'],
    ['(MIT OR Apache-2.0)', 'mit OR apache-2.0', 'MIT OR Apache-2.0'],
    ['Apache 2', 'apache-2.0', 'Apache-2.0'],
    ['Apache License, Version 2.0', 'apache-2.0', 'Apache-2.0'],
    ['BSD', 'bsd-new', 'BSD-3-Clause'],
    ['GPLv2+', 'gpl-2.0-plus', 'GPL-2.0-or-later'],
    ['LGPL-2.1+', 'lgpl-2.1-plus', 'LGPL-2.1-or-later'],
    ['License :: OSI Approved :: BSD License', 'bsd-new', 'BSD-3-Clause'],
    ['MIT/X11', 'mit OR x11', 'MIT OR X11'],
    [
      'GPL-2.0 WITH Classpath-exception-2.0',
      'gpl-2.0 WITH classpath-exception-2.0',
      'GPL-2.0-only WITH Classpath-exception-2.0',
    ],
  ])('%s → %s', (statement, key, spdx) => {
    const result = normalizeLicenseStatement(statement, 'package.json');
    expect(result.declared_license_expression).toBe(key);
    expect(result.declared_license_expression_spdx).toBe(spdx);
    expect(result.license_detections[0]?.matches[0]?.from_file).toBe('package.json');
  });

  it('combines lists and deprecated {type, url} objects with AND, once per license', () => {
    const result = normalizeLicenseStatement([{ type: 'MIT', url: 'http://x/LICENSE' }, 'Apache-2.0', 'MIT']);
    expect(result.declared_license_expression).toBe('mit AND apache-2.0');
    expect(result.license_detections[0]?.matches).toHaveLength(3);
  });

  it('reports an unknown reference for what it cannot recognise, and nothing for empty values', () => {
    expect(normalizeLicenseStatement('SEE LICENSE IN LICENSE.txt').declared_license_expression).toBe(
      'unknown-license-reference',
    );
    expect(normalizeLicenseStatement('Frobnicator Public Licence').declared_license_expression_spdx).toBe(
      'LicenseRef-scancode-unknown-license-reference',
    );
    expect(normalizeLicenseStatement('').license_detections).toEqual([]);
    expect(normalizeLicenseStatement(null).declared_license_expression).toBeNull();
  });

  it('recognises a full MIT text pasted as a license value', () => {
    const text =
      'Copyright (c) 2020 X\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction';
    expect(normalizeLicenseStatement(text).declared_license_expression).toBe('mit');
  });

  it('gives stable detection identifiers', () => {
    const a = normalizeLicenseStatement('MIT').license_detections[0]?.identifier;
    expect(a).toMatch(/^mit-[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(normalizeLicenseStatement('MIT').license_detections[0]?.identifier).toBe(a);
    expect(toScancodeExpression('(MIT OR Apache-2.0) AND BSD-2-Clause')).toBe(
      '(mit OR apache-2.0) AND bsd-simplified',
    );
  });
});
