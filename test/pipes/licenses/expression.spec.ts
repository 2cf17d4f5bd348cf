import {
  combineExpressions,
  ExpressionSyntaxError,
  parseExpression,
  renderExpression,
  scancodeToSpdx,
  spdxToScancode,
} from '../../../src/pipes/licenses/expression';

describe('license expressions', () => {
  it('converts SPDX expressions with AND, OR, WITH and parentheses to ScanCode keys', () => {
    expect(spdxToScancode('(GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause')).toBe(
      'gpl-2.0 WITH linux-syscall-exception-gpl OR bsd-new',
    );
    expect(spdxToScancode('MIT AND (Apache-2.0 OR BSD-2-Clause)')).toBe('mit AND (apache-2.0 OR bsd-simplified)');
    expect(spdxToScancode('GPL-2.0+')).toBe('gpl-2.0-plus');
  });

  it('renders ScanCode expressions as SPDX, with LicenseRef names for keys SPDX lacks', () => {
    expect(scancodeToSpdx('gpl-2.0-plus WITH linux-syscall-exception-gpl')).toBe(
      'GPL-2.0-or-later WITH Linux-syscall-note',
    );
    expect(scancodeToSpdx('public-domain AND mit')).toBe('LicenseRef-scancode-public-domain AND MIT');
  });

  it('accepts lower-case operators as policies.yml authors write them', () => {
    expect(renderExpression(parseExpression('mit or apache-2.0 and bsd-new'))).toBe('mit OR (apache-2.0 AND bsd-new)');
  });

  it('rejects text that is not an expression', () => {
    expect(() => parseExpression('MIT AND')).toThrow(ExpressionSyntaxError);
    expect(() => parseExpression('(MIT')).toThrow(ExpressionSyntaxError);
  });

  it('AND-combines detections without repeating a license', () => {
    expect(combineExpressions(['mit', 'apache-2.0', 'mit AND bsd-new'])).toBe('mit AND apache-2.0 AND bsd-new');
    expect(combineExpressions(['gpl-2.0 OR mit', 'mit'])).toBe('(gpl-2.0 OR mit) AND mit');
    expect(combineExpressions([])).toBeNull();
  });
});
