import { expressionSymbols, parseExpression } from '../pipes/licenses/expression';
import { keyToSpdxId, spdxIdToKey } from '../pipes/licenses/license-keys';
import type { LicenseAlert, Policies, ThresholdAlert, Thresholds } from './policies';

/** Stored `compliance_alert` values; `''` means no policies apply. */
export const COMPLIANCE_ALERTS = ['ok', 'missing', 'warning', 'error'] as const;
export type ComplianceAlert = (typeof COMPLIANCE_ALERTS)[number] | '';

const SEVERITY: Readonly<Record<(typeof COMPLIANCE_ALERTS)[number], number>> = { ok: 0, missing: 1, warning: 2, error: 3 };

/** ScanCode.io's fail levels: each includes the more severe ones. */
export const FAIL_LEVELS = ['error', 'warning', 'missing'] as const;
export type FailLevel = (typeof FAIL_LEVELS)[number];

/** The alerts a fail level reports, most severe first. */
export function alertsAtLevel(level: FailLevel): (typeof COMPLIANCE_ALERTS)[number][] {
  return FAIL_LEVELS.slice(0, FAIL_LEVELS.indexOf(level) + 1);
}

/** License policies by lower-cased license key; ScanCode keys and SPDX ids both find their policy. */
export type LicensePolicyIndex = ReadonlyMap<string, LicenseAlert>;

/**
 * Returns the index of the license policies, or null when there are none (policies are
 * then "disabled" and alerts are `''`). A policy written with an SPDX id is also found by
 * the matching ScanCode key, and the other way round; a policy's own spelling wins.
 */
export function licensePolicyIndex(policies: Policies | null): LicensePolicyIndex | null {
  const entries = policies?.license_policies ?? [];
  if (entries.length === 0) {
    return null;
  }
  const index = new Map<string, LicenseAlert>();
  for (const policy of entries) {
    index.set(spdxIdToKey(policy.license_key).toLowerCase(), policy.compliance_alert);
  }
  for (const policy of entries) {
    index.set(policy.license_key.toLowerCase(), policy.compliance_alert);
  }
  return index;
}

/**
 * Returns the compliance alert of a license expression, as ScanCode.io computes it: each
 * license symbol (AND, OR and WITH alike; exceptions count as symbols) is looked up by its
 * key then by its SPDX id; unlisted symbols are `missing`; the most severe alert wins.
 */
export function computeComplianceAlert(expression: string, index: LicensePolicyIndex | null): ComplianceAlert {
  if (!expression.trim() || !index) {
    return '';
  }
  let worst: (typeof COMPLIANCE_ALERTS)[number] = 'ok';
  for (const symbol of licenseSymbols(expression)) {
    const alert = alertForSymbol(symbol, index);
    if (SEVERITY[alert] > SEVERITY[worst]) {
      worst = alert;
    }
  }
  return worst;
}

function alertForSymbol(symbol: string, index: LicensePolicyIndex): (typeof COMPLIANCE_ALERTS)[number] {
  const candidates = [symbol, keyToSpdxId(symbol), spdxIdToKey(symbol)];
  for (const candidate of candidates) {
    const alert = index.get(candidate.toLowerCase());
    if (alert !== undefined) {
      return alert === '' ? 'ok' : alert;
    }
  }
  return 'missing';
}

/** The license symbols of an expression; text that does not parse is split into words. */
function licenseSymbols(expression: string): string[] {
  try {
    return expressionSymbols(parseExpression(expression));
  } catch {
    return [...new Set(expression.split(/[\s()]+/).filter((word) => word && !/^(and|or|with)$/i.test(word)))];
  }
}

/** The alert of the highest threshold at or below `score`; no score, or below all thresholds, is an error. */
export function thresholdAlert(thresholds: Thresholds, score: number | null | undefined): ThresholdAlert {
  if (score === null || score === undefined || !Number.isFinite(score)) {
    return 'error';
  }
  return thresholds.find(([minimum]) => score >= minimum)?.[1] ?? 'error';
}
