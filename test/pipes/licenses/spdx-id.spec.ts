import { readFileSync } from 'node:fs';
import parseSpdx from 'spdx-expression-parse';
import { detectLicenses } from '../../../src/pipes/licenses/detect-licenses';
import { loadLicenseIndex } from '../../../src/pipes/licenses/license-index';
import { TEST_INDEX_CACHE } from './support/index-cache';
import { findSpdxTags, tagValueToExpression } from '../../../src/pipes/licenses/spdx-id';
import { scancodeToSpdx } from '../../../src/pipes/licenses/expression';
import { collectFiles } from './support/corpus';

type SpdxAst = ReturnType<typeof parseSpdx>;

/** Independent reading of a tag: spdx-expression-parse, with deprecated GNU ids made explicit. */
function oracle(value: string): string {
  const id = (license: string, plus?: boolean): string => {
    const gnu = /^(A?GPL|LGPL|GFDL)-\d\.\d$/.test(license);
    if (gnu) {
      return `${license}${plus ? '-or-later' : '-only'}`;
    }
    return license.replace(/-or-later$/, plus ? '-or-later' : '-or-later') + (plus && !license.endsWith('+') ? '+' : '');
  };
  const render = (ast: SpdxAst, parent?: string): string => {
    if ('license' in ast) {
      const base = id(ast.license, ast.plus);
      return ast.exception ? `${base} WITH ${ast.exception}` : base;
    }
    const op = ast.conjunction.toUpperCase();
    const text = `${render(ast.left, op)} ${op} ${render(ast.right, op)}`;
    return parent && parent !== op ? `(${text})` : text;
  };
  return render(parseSpdx(value.replace(/\*\/.*$/, '').trim()));
}

describe('SPDX-License-Identifier tags (1-spdx-id)', () => {
  const index = loadLicenseIndex(TEST_INDEX_CACHE);
  const headers = collectFiles('/usr/include/linux', (text) => text.includes('SPDX-License-Identifier:'), 400);

  it('reads the tags of real Linux UAPI headers as spdx-expression-parse does', () => {
    expect(headers.length).toBeGreaterThan(100);
    let agree = 0;
    const disagreements: string[] = [];
    for (const path of headers) {
      const text = readFileSync(path, 'utf8');
      const [tag] = findSpdxTags(text.split('\n'));
      const value = /SPDX-License-Identifier:\s*(.*)/.exec(text)?.[1] ?? '';
      const expected = oracle(value);
      const got = tag ? scancodeToSpdx(tag.expression) : '';
      if (got === expected) {
        agree++;
      } else {
        disagreements.push(`${path}: ${value} → ${got} (expected ${expected})`);
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(agree).toBe(headers.length);
  });

  it('reports a 1-spdx-id match on the tag line with ScanCode keys and SPDX rendering', () => {
    const path = headers.find((p) => readFileSync(p, 'utf8').includes('GPL-2.0 WITH Linux-syscall-note */')) ?? '';
    const text = readFileSync(path, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('SPDX-License-Identifier')) + 1;
    const scan = detectLicenses(text, index);
    const tagDetection = scan.license_detections.find((d) => d.matches.some((m) => m.matcher === '1-spdx-id'));
    expect(tagDetection?.matches[0]).toMatchObject({
      license_expression: 'gpl-2.0 WITH linux-syscall-exception-gpl',
      license_expression_spdx: 'GPL-2.0-only WITH Linux-syscall-note',
      matcher: '1-spdx-id',
      start_line: line,
      end_line: line,
      score: 100,
      match_coverage: 100,
    });
    expect(scan.detected_license_expression).toContain('gpl-2.0 WITH linux-syscall-exception-gpl');
  });

  it('corrects misspelled and deprecated ids, and marks unreadable ones unknown-spdx', () => {
    expect(tagValueToExpression('GPL-2.0+')).toBe('gpl-2.0-plus');
    expect(tagValueToExpression('Apache-2')).toBe('apache-2.0');
    expect(tagValueToExpression('GPL v2')).toBe('gpl-2.0');
    expect(tagValueToExpression('((GPL-2.0 WITH Linux-syscall-note) OR Linux-OpenIB) */')).toBe(
      'gpl-2.0 WITH linux-syscall-exception-gpl OR linux-openib',
    );
    expect(tagValueToExpression('Frobnicate-License-9')).toBe('unknown-spdx');
  });

  it('finds tags spelled with spaces or "License" as "Licence"', () => {
    const tags = findSpdxTags(['# SPDX License Identifier: MIT', '// SPDX-Licence-Identifier: BSD-2-Clause']);
    expect(tags.map((t) => [t.line, t.expression])).toEqual([
      [1, 'mit'],
      [2, 'bsd-simplified'],
    ]);
  });
});
