import { createHash } from 'node:crypto';
import parseSpdx from 'spdx-expression-parse';
import { stringify as toYaml } from 'yaml';
import { asDict, asText } from './fields';
import { correctLicenseName, scancodeKeyOf, spdxIdOfKey } from './license-names';
import type { LicenseDetection, LicenseMatch } from './models';

// This module is the single door to license normalisation for package data. It is built on
// spdx-correct and spdx-expression-parse until the license engine (src/pipes/licenses/) can take over.

export interface LicenseNormalization {
  declared_license_expression: string | null;
  declared_license_expression_spdx: string | null;
  license_detections: LicenseDetection[];
}

const UNKNOWN_SPDX = 'LicenseRef-scancode-unknown-license-reference';

type SpdxNode = ReturnType<typeof parseSpdx>;

/** Returns the extracted_license_statement text: strings as-is, structured values as YAML. */
export function licenseStatementText(statement: unknown): string | null {
  if (statement === null || statement === undefined) {
    return null;
  }
  if (typeof statement === 'string') {
    return statement.trim() === '' ? null : statement;
  }
  if (Array.isArray(statement) && statement.length === 0) {
    return null;
  }
  return toYaml(statement);
}

/**
 * Returns declared license expressions (ScanCode keys and SPDX) and one detection for a declared
 * license statement: an SPDX expression, a free-form name, a list, `{type,url}` objects or classifiers.
 * Several items combine with AND, as ScanCode combines a package's declared licenses.
 */
export function normalizeLicenseStatement(
  statement: unknown,
  fromFile: string | null = null,
): LicenseNormalization {
  const items = statementItems(statement);
  const matches: LicenseMatch[] = [];
  for (const item of items) {
    const { spdx, matcher } = itemToSpdx(item);
    matches.push(makeMatch(spdx, matcher, item, fromFile));
  }
  if (matches.length === 0) {
    return {
      declared_license_expression: null,
      declared_license_expression_spdx: null,
      license_detections: [],
    };
  }
  const spdxExpr = combineAnd(matches.map((m) => m.license_expression_spdx));
  const keyExpr = toScancodeExpression(spdxExpr);
  const detection: LicenseDetection = {
    license_expression: keyExpr,
    license_expression_spdx: spdxExpr,
    identifier: detectionIdentifier(keyExpr, matches),
    matches,
  };
  return {
    declared_license_expression: keyExpr,
    declared_license_expression_spdx: spdxExpr,
    license_detections: [detection],
  };
}

/** Returns the SPDX form of a license statement string, or null when nothing is recognised. */
export function spdxOfLicenseName(name: string): string | null {
  const { spdx, matcher } = itemToSpdx(name);
  return matcher === '5-undetected' ? null : spdx;
}

/** Returns the ScanCode-key form of an SPDX expression (operators upper-case, keys lower-case). */
export function toScancodeExpression(spdxExpression: string): string {
  try {
    return render(parseSpdx(spdxExpression), (id) => scancodeKeyOf(id));
  } catch {
    return spdxExpression.replace(/[A-Za-z0-9.+-]+/g, (t) =>
      /^(AND|OR|WITH)$/i.test(t) ? t.toUpperCase() : scancodeKeyOf(t),
    );
  }
}

/** Returns the SPDX form of a ScanCode-key expression as produced by toScancodeExpression. */
export function toSpdxExpression(keyExpression: string): string {
  return keyExpression.replace(/[A-Za-z0-9.+-]+/g, (token) => {
    if (token === 'AND' || token === 'OR' || token === 'WITH') {
      return token;
    }
    return spdxIdOfKey(token) ?? correctLicenseName(token) ?? `LicenseRef-scancode-${token}`;
  });
}

function statementItems(statement: unknown): string[] {
  if (typeof statement === 'string') {
    const text = asText(statement);
    return text ? [text] : [];
  }
  if (Array.isArray(statement)) {
    return statement.flatMap((item) => statementItems(item));
  }
  const dict = asDict(statement);
  if (dict) {
    // npm's deprecated {type, url} and PyPI/Maven {name, url}: the type or name wins, as in ScanCode.
    const named = asText(dict.type) ?? asText(dict.name) ?? asText(dict.license) ?? asText(dict.url);
    return named ? [named] : [];
  }
  return [];
}

function itemToSpdx(item: string): { spdx: string; matcher: string } {
  const text = item.trim();
  if (/^see licen[cs]e in /i.test(text) || /^unlicensed$/i.test(text)) {
    return { spdx: UNKNOWN_SPDX, matcher: '5-undetected' };
  }
  const asExpression = tryParse(text.replace(/\b(and|or|with)\b/g, (w) => w.toUpperCase()));
  if (asExpression) {
    return { spdx: asExpression, matcher: '1-spdx-id' };
  }
  const alternatives = correctComposite(text, 'OR');
  if (alternatives) {
    return { spdx: alternatives, matcher: '2-aho' };
  }
  // "GPLv3+ and GFDL" (RPM, Debian) names two licenses: keep both, an unknown one as such.
  const conjunction = / and /i.test(text) ? correctComposite(text.replace(/,/g, ' '), 'AND', true) : null;
  if (conjunction) {
    return { spdx: conjunction, matcher: '2-aho' };
  }
  const corrected = correctLicenseName(text);
  if (corrected) {
    return { spdx: corrected, matcher: '2-aho' };
  }
  const composed = correctComposite(text, 'AND');
  if (composed) {
    return { spdx: composed, matcher: '2-aho' };
  }
  return { spdx: UNKNOWN_SPDX, matcher: '5-undetected' };
}

function correctComposite(text: string, op: 'OR' | 'AND', keepUnknown = false): string | null {
  const parts =
    op === 'OR' ? text.split(/\s+or\s+|\s*\/\s*|\s*\|\s*/i) : text.split(/\s+and\s+|\s*[,;&]\s*/i);
  if (parts.length < 2) {
    return null;
  }
  const found = parts.map((p) => tryParse(p) ?? correctLicenseName(p));
  const known = found.filter((id) => id !== null).length;
  if (known < (keepUnknown ? 1 : parts.length)) {
    return null;
  }
  const ids = [...new Set(found.map((id) => id ?? UNKNOWN_SPDX))];
  return ids.map((id) => (/\s/.test(id) ? `(${id})` : id)).join(` ${op} `);
}

function tryParse(text: string): string | null {
  try {
    return render(parseSpdx(text), (id) => id);
  } catch {
    return null;
  }
}

function render(node: SpdxNode, mapId: (id: string) => string): string {
  if ('license' in node) {
    // Deprecated GNU ids (GPL-2.0) are written in their current -only form, as ScanCode reports them.
    let id =
      /^(A|L)?GPL-\d\.\d$|^GFDL-\d\.\d$/.test(node.license) && !node.plus
        ? `${node.license}-only`
        : node.license;
    if (node.plus) {
      // Only the GNU family has -or-later ids; elsewhere SPDX keeps the `+` operator.
      const isGnu = /^(A|L)?GPL-|^GFDL-/.test(node.license);
      id = isGnu ? `${id.replace(/-(only|or-later)$/, '')}-or-later` : `${id}+`;
    }
    const base = mapId(id);
    return node.exception ? `${base} WITH ${mapId(node.exception)}` : base;
  }
  const op = node.conjunction.toUpperCase();
  const side = (child: SpdxNode): string => {
    const text = render(child, mapId);
    return 'conjunction' in child && child.conjunction !== node.conjunction ? `(${text})` : text;
  };
  return `${side(node.left)} ${op} ${side(node.right)}`;
}

function combineAnd(expressions: string[]): string {
  const unique = [...new Set(expressions)];
  if (unique.length === 1) {
    return unique[0] ?? UNKNOWN_SPDX;
  }
  return unique.map((e) => (/ (AND|OR) /.test(e) ? `(${e})` : e)).join(' AND ');
}

function makeMatch(spdx: string, matcher: string, text: string, fromFile: string | null): LicenseMatch {
  const key = toScancodeExpression(spdx);
  const lines = text.split('\n').length;
  return {
    license_expression: key,
    license_expression_spdx: spdx,
    from_file: fromFile,
    start_line: 1,
    end_line: lines,
    matcher,
    score: matcher === '5-undetected' ? 0 : 100,
    matched_length: text.split(/\s+/).filter(Boolean).length,
    match_coverage: matcher === '5-undetected' ? 0 : 100,
    rule_relevance: 100,
    rule_identifier: `package-manifest-${key.replace(/[^a-z0-9.+-]+/gi, '_')}`,
    rule_url: null,
    matched_text: text,
  };
}

function detectionIdentifier(expression: string, matches: LicenseMatch[]): string {
  // Deterministic like ScanCode's: a safe name of the expression plus a hash of the matches.
  const safe = expression.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const digest = createHash('sha1')
    .update(JSON.stringify(matches.map((m) => [m.license_expression, m.matched_text, m.start_line])))
    .digest('hex');
  const uuid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  return `${safe}-${uuid}`;
}

/** Returns the license fields of a package_data record for a declared license statement. */
export function declaredLicenseFields(
  statement: unknown,
  fromFile: string | null,
): LicenseNormalization & { extracted_license_statement: string | null } {
  return {
    ...normalizeLicenseStatement(statement, fromFile),
    extracted_license_statement: licenseStatementText(statement),
  };
}
