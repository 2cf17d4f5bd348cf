import { createHash } from 'node:crypto';
import spdxCorrect from 'spdx-correct';
import { ExpressionSyntaxError, mapSymbols, parseExpression, renderExpression, type LicenseExpression } from './expression';
import { canonicalSpdxId, isSpdxException, spdxIdToKey } from './license-keys';

/** ScanCode's SPDX tag pattern: `SPDX-License-Identifier:` with its common mis-spellings. */
const SPDX_TAG = /spdx[-\s_]+licen[sc]e[-\s_]+identifier\s*:?\s*/i;

/** An SPDX-License-Identifier tag found on one line. */
export interface SpdxTag {
  line: number;
  /** The expression as written after the tag. */
  text: string;
  /** ScanCode-key expression. */
  expression: string;
}

/** Comment closers and quotes that trail a tag in source files. */
const TRAILING_JUNK = /(\*\/|-->|\*\)|#}|%>|"|'|`|;|,|\\n|\)\s*$).*$/;

function cleanTagValue(raw: string): string {
  let text = raw.replace(/^["'`]+/, '');
  const close = text.search(/\*\/|-->|"|'|`|;|\\n/);
  if (close >= 0) {
    text = text.slice(0, close);
  }
  text = text.trim();
  // Balance parentheses left open or closed by the surrounding code.
  const opens = (text.match(/\(/g) ?? []).length;
  const closes = (text.match(/\)/g) ?? []).length;
  if (closes > opens) {
    text = text.replace(TRAILING_JUNK, '').trim();
  } else if (opens > closes) {
    text = text + ')'.repeat(opens - closes);
  }
  return text;
}

/** Returns the ScanCode key for one symbol of a tag, correcting common mistakes via spdx-correct. */
function symbolToKey(symbol: string, asException: boolean): string {
  const plus = symbol.endsWith('+') && !canonicalSpdxId(symbol);
  const bare = plus ? symbol.slice(0, -1) : symbol;
  if (canonicalSpdxId(bare) || /^(DocumentRef-[^:]+:)?LicenseRef-/i.test(bare)) {
    const key = spdxIdToKey(bare.replace(/^DocumentRef-[^:]+:/i, ''));
    return plus ? `${key}-plus`.replace(/-plus-plus$/, '-plus') : key;
  }
  // Placeholders ("$GPL-COMPATIBLE-ID", "<SPDX-License>") are not misspellings to correct.
  if (!asException && /^[A-Za-z0-9.+-]+$/.test(symbol)) {
    const corrected = spdxCorrect(symbol, { upgrade: false });
    if (corrected && canonicalSpdxId(corrected)) {
      return spdxIdToKey(corrected);
    }
  }
  return 'unknown-spdx';
}

function toKeys(expr: LicenseExpression): LicenseExpression {
  if (expr.type === 'with') {
    const license = toKeys(expr.license);
    const exception = isSpdxException(expr.exception) ? spdxIdToKey(expr.exception) : symbolToKey(expr.exception, true);
    return { type: 'with', license, exception };
  }
  return expr.type === 'license' ? mapSymbols(expr, (s) => symbolToKey(s, false)) : { ...expr, args: expr.args.map(toKeys) };
}

/** Returns the ScanCode-key expression of a tag value, or `unknown-spdx` when it cannot be read. */
export function tagValueToExpression(value: string): string {
  const text = cleanTagValue(value);
  if (!text) {
    return 'unknown-spdx';
  }
  if (/\s/.test(text) && !/\s(and|or|with)\s/i.test(text)) {
    // "GPL v2", "Apache 2": one license written with spaces.
    const corrected = spdxCorrect(text, { upgrade: false });
    if (corrected && canonicalSpdxId(corrected)) {
      return spdxIdToKey(corrected);
    }
  }
  try {
    return renderExpression(toKeys(parseExpression(text)));
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) {
      throw error;
    }
    // "GPL-2.0 / MIT" and similar free-form lists: keep the symbols we can read.
    const symbols = text.split(/[\s/,()]+/).filter(Boolean);
    return renderExpression({ type: 'and', args: symbols.map((s) => ({ type: 'license', key: symbolToKey(s, false) })) });
  }
}

/** Returns the SPDX-License-Identifier tags of a text (line numbers are 1-based). */
export function findSpdxTagsInText(text: string): SpdxTag[] {
  const out: SpdxTag[] = [];
  const finder = /identifier/gi;
  let line = 1;
  let counted = 0;
  let lastLine = -1;
  for (let m = finder.exec(text); m !== null; m = finder.exec(text)) {
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < m.index; nl = text.indexOf('\n', nl + 1)) {
      line++;
      counted = nl + 1;
    }
    if (line === lastLine) {
      continue;
    }
    lastLine = line;
    const end = text.indexOf('\n', m.index);
    const lineText = text.slice(counted, end < 0 ? undefined : end).replace(/\r$/, '');
    const tag = tagOnLine(lineText, line);
    if (tag) {
      out.push(tag);
    }
  }
  return out;
}

/** Returns the SPDX-License-Identifier tags of the given lines (line numbers are 1-based). */
export function findSpdxTags(lines: readonly string[]): SpdxTag[] {
  return lines.flatMap((line, i) => (/identifier/i.test(line) ? (tagOnLine(line, i + 1) ?? []) : []));
}

function tagOnLine(line: string, lineNumber: number): SpdxTag | undefined {
  const m = SPDX_TAG.exec(line);
  if (!m) {
    return undefined;
  }
  const value = line.slice(m.index + m[0].length);
  return { line: lineNumber, text: cleanTagValue(value), expression: tagValueToExpression(value) };
}

/** Returns ScanCode's rule identifier for a synthetic SPDX-tag rule. */
export function spdxRuleIdentifier(expression: string): string {
  const safe = expression.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `spdx-license-identifier-${safe}-${createHash('sha1').update(expression).digest('hex')}`;
}
