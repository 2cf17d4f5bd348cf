import { keyToSpdxId, spdxIdToKey } from './license-keys';

/** A parsed license expression; symbols keep the spelling of the input until converted. */
export type LicenseExpression =
  | { type: 'license'; key: string }
  | { type: 'with'; license: LicenseExpression; exception: string }
  | { type: 'and' | 'or'; args: LicenseExpression[] };

/** Raised for text that is not a license expression. */
export class ExpressionSyntaxError extends Error {}

const TOKEN = /\s*(\(|\)|[^\s()]+)/g;

function lex(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[1] ?? '');
}

/**
 * Returns the AST of an SPDX or ScanCode-key expression. Operators are case-insensitive
 * (ScanCode.io users write `mit or apache-2.0`); precedence is WITH > AND > OR.
 */
export function parseExpression(text: string): LicenseExpression {
  const tokens = lex(text);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const isOp = (t: string | undefined, op: string): boolean => t !== undefined && t.toUpperCase() === op;

  function primary(): LicenseExpression {
    const t = tokens[pos++];
    if (t === undefined) {
      throw new ExpressionSyntaxError(`unexpected end of expression: ${text}`);
    }
    if (t === '(') {
      const inner = orExpr();
      if (tokens[pos++] !== ')') {
        throw new ExpressionSyntaxError(`missing ")" in: ${text}`);
      }
      return inner;
    }
    if (t === ')' || isOp(t, 'AND') || isOp(t, 'OR') || isOp(t, 'WITH')) {
      throw new ExpressionSyntaxError(`unexpected "${t}" in: ${text}`);
    }
    return { type: 'license', key: t };
  }
  function withExpr(): LicenseExpression {
    const license = primary();
    if (isOp(peek(), 'WITH')) {
      pos++;
      const exception = tokens[pos++];
      if (exception === undefined || exception === '(' || exception === ')') {
        throw new ExpressionSyntaxError(`WITH needs an exception in: ${text}`);
      }
      return { type: 'with', license, exception };
    }
    return license;
  }
  function listExpr(op: 'AND' | 'OR', next: () => LicenseExpression): LicenseExpression {
    const args = [next()];
    while (isOp(peek(), op)) {
      pos++;
      args.push(next());
    }
    return args.length === 1 && args[0] ? args[0] : { type: op === 'AND' ? 'and' : 'or', args };
  }
  function orExpr(): LicenseExpression {
    return listExpr('OR', () => listExpr('AND', withExpr));
  }

  const ast = orExpr();
  if (pos !== tokens.length) {
    throw new ExpressionSyntaxError(`unexpected "${tokens[pos] ?? ''}" in: ${text}`);
  }
  return ast;
}

/** Returns the expression as text, with parentheses only where precedence needs them. */
export function renderExpression(expr: LicenseExpression): string {
  switch (expr.type) {
    case 'license':
      return expr.key;
    case 'with':
      return `${renderExpression(expr.license)} WITH ${expr.exception}`;
    case 'and':
    case 'or':
      return expr.args
        .map((arg) => {
          const text = renderExpression(arg);
          return (arg.type === 'and' || arg.type === 'or') && arg.type !== expr.type ? `(${text})` : text;
        })
        .join(expr.type === 'and' ? ' AND ' : ' OR ');
  }
}

/** Returns a copy of the expression with every license and exception symbol mapped. */
export function mapSymbols(expr: LicenseExpression, map: (symbol: string) => string): LicenseExpression {
  switch (expr.type) {
    case 'license':
      return { type: 'license', key: map(expr.key) };
    case 'with':
      return { type: 'with', license: mapSymbols(expr.license, map), exception: map(expr.exception) };
    case 'and':
    case 'or':
      return { type: expr.type, args: expr.args.map((a) => mapSymbols(a, map)) };
  }
}

/** Returns the license and exception symbols of the expression, in order, without duplicates. */
export function expressionSymbols(expr: LicenseExpression): string[] {
  const out = new Set<string>();
  const walk = (e: LicenseExpression): void => {
    if (e.type === 'license') {
      out.add(e.key);
    } else if (e.type === 'with') {
      walk(e.license);
      out.add(e.exception);
    } else {
      e.args.forEach(walk);
    }
  };
  walk(expr);
  return [...out];
}

/** Returns the ScanCode-key expression for an SPDX expression (`GPL-2.0+` → `gpl-2.0-plus`). */
export function spdxToScancode(spdx: string): string {
  return renderExpression(mapSymbols(parseExpression(spdx), spdxIdToKey));
}

/** Returns the SPDX expression for a ScanCode-key expression (`bsd-new` → `BSD-3-Clause`). */
export function scancodeToSpdx(expression: string): string {
  return renderExpression(mapSymbols(parseExpression(expression), keyToSpdxId));
}

/**
 * Returns the AND-combination of expressions with duplicates removed, as ScanCode's
 * `combine_expressions(unique=True)` does for a detection and for a file.
 */
export function combineExpressions(expressions: readonly string[]): string | null {
  const parts: LicenseExpression[] = [];
  const seen = new Set<string>();
  for (const text of expressions) {
    const ast = parseExpression(text);
    for (const part of ast.type === 'and' ? ast.args : [ast]) {
      const key = renderExpression(part);
      if (!seen.has(key)) {
        seen.add(key);
        parts.push(part);
      }
    }
  }
  if (parts.length === 0) {
    return null;
  }
  return renderExpression(parts.length === 1 && parts[0] ? parts[0] : { type: 'and', args: parts });
}
