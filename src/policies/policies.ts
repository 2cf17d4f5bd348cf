import { parse as parseYaml, YAMLError } from 'yaml';

/**
 * ScanCode.io's policies.yml: license policies and the clarity and scorecard thresholds.
 * Framework-free: parsing and validation only, with ScanCode.io's messages.
 */
export const POLICY_TYPES = ['license_clarity_thresholds', 'license_policies', 'scorecard_score_thresholds'] as const;

export const THRESHOLD_ALERTS = ['ok', 'warning', 'error'] as const;
export type ThresholdAlert = (typeof THRESHOLD_ALERTS)[number];

/** `''` approves a license; `ok` is accepted as a synonym. */
export const LICENSE_ALERTS = ['', 'warning', 'error'] as const;
export type LicenseAlert = (typeof LICENSE_ALERTS)[number];

export interface LicensePolicy {
  license_key: string;
  label: string;
  compliance_alert: LicenseAlert;
  /** Any other keys of the entry, kept for display. */
  [key: string]: unknown;
}

/** Thresholds as [minimum score, alert] pairs, highest first. */
export type Thresholds = readonly (readonly [number, ThresholdAlert])[];

export interface Policies {
  license_policies?: LicensePolicy[];
  license_clarity_thresholds?: Thresholds;
  scorecard_score_thresholds?: Thresholds;
}

/** A policies document that cannot be used; the message says what to fix. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/** Parse and validate policies.yml text. Thresholds must be written highest first. */
export function parsePoliciesYaml(text: string): Policies {
  let document: unknown;
  try {
    // Maps keep the file's key order, which the thresholds rule depends on.
    document = parseYaml(text, { mapAsMap: true });
  } catch (error) {
    if (error instanceof YAMLError) {
      throw new PolicyError(`Policies file format error: ${error.message.split('\n')[0]}`);
    }
    throw error;
  }
  return validatePolicies(document, { ordered: true });
}

/**
 * Validate a policies document: a parsed YAML map, or a JSON object (settings.policies
 * sent as JSON). JSON objects lose the order of numeric keys, so their thresholds are
 * sorted instead of checked for order.
 */
export function validatePolicies(document: unknown, options: { ordered: boolean } = { ordered: false }): Policies {
  const entries = mapEntries(document);
  if (!entries) {
    throw new PolicyError('The policies must be a mapping of policy types (license_policies, license_clarity_thresholds, scorecard_score_thresholds).');
  }
  const byKey = new Map(entries.map(([key, value]) => [String(key), value]));
  if (!POLICY_TYPES.some((type) => byKey.has(type))) {
    throw new PolicyError(`At least one of the following policy types must be present: ${POLICY_TYPES.join(', ')}`);
  }
  const policies: Policies = {};
  if (byKey.has('license_policies')) {
    policies.license_policies = validateLicensePolicies(byKey.get('license_policies'));
  }
  if (byKey.has('license_clarity_thresholds')) {
    policies.license_clarity_thresholds = validateThresholds('license_clarity_thresholds', byKey.get('license_clarity_thresholds'), 'integers', options.ordered);
  }
  if (byKey.has('scorecard_score_thresholds')) {
    policies.scorecard_score_thresholds = validateThresholds('scorecard_score_thresholds', byKey.get('scorecard_score_thresholds'), 'numbers', options.ordered);
  }
  return policies;
}

function validateLicensePolicies(value: unknown): LicensePolicy[] {
  if (value === null || value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new PolicyError('The `license_policies` must be a list of entries, each with a license_key and a compliance_alert.');
  }
  return value.map((item, index) => {
    const entries = mapEntries(item);
    const where = `license_policies entry ${index + 1}`;
    if (!entries) {
      throw new PolicyError(`The ${where} must be a mapping with a license_key and a compliance_alert.`);
    }
    const entry = Object.fromEntries(entries.map(([k, v]) => [String(k), toPlain(v)])) as Record<string, unknown>;
    const key = entry.license_key;
    if (typeof key !== 'string' || !key.trim()) {
      throw new PolicyError(`The ${where} has no license_key (a ScanCode license key or an SPDX id).`);
    }
    const raw = entry.compliance_alert ?? '';
    const alert = raw === 'ok' ? '' : raw;
    if (typeof alert !== 'string' || !(LICENSE_ALERTS as readonly string[]).includes(alert)) {
      throw new PolicyError(`The ${where} (${key}) has compliance_alert ${JSON.stringify(raw)}: use '' (approved), 'warning' or 'error'.`);
    }
    const label = typeof entry.label === 'string' ? entry.label : entry.label === undefined || entry.label === null ? '' : JSON.stringify(entry.label);
    return { ...entry, license_key: key.trim(), label, compliance_alert: alert as LicenseAlert };
  });
}

function validateThresholds(name: string, value: unknown, kind: 'integers' | 'numbers', ordered: boolean): Thresholds {
  const entries = mapEntries(value);
  if (!entries) {
    throw new PolicyError(`The \`${name}\` must be a dictionary`);
  }
  const seen = new Set<number>();
  const thresholds: [number, ThresholdAlert][] = [];
  for (const [key, alert] of entries) {
    const threshold = typeof key === 'number' ? key : typeof key === 'string' && key.trim() !== '' ? Number(key) : NaN;
    if (!Number.isFinite(threshold) || (kind === 'integers' && !Number.isInteger(threshold))) {
      throw new PolicyError(`Threshold keys must be ${kind}, got: ${String(key)}`);
    }
    if (seen.has(threshold)) {
      throw new PolicyError(`Duplicate threshold key: ${threshold}`);
    }
    seen.add(threshold);
    if (typeof alert !== 'string' || !(THRESHOLD_ALERTS as readonly string[]).includes(alert)) {
      throw new PolicyError(`Compliance alert must be one of 'ok', 'warning', 'error', got: ${String(alert)}`);
    }
    thresholds.push([threshold, alert as ThresholdAlert]);
  }
  const descending = [...thresholds].sort((a, b) => b[0] - a[0]);
  if (ordered && descending.some((pair, i) => pair !== thresholds[i])) {
    throw new PolicyError('Thresholds must be strictly descending');
  }
  return descending;
}

/** The key/value pairs of a YAML Map or a plain object; null for anything else. */
function mapEntries(value: unknown): [unknown, unknown][] | null {
  if (value instanceof Map) {
    return [...(value as Map<unknown, unknown>).entries()];
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value);
  }
  return null;
}

/** YAML Maps (nested anywhere) as plain objects. */
function toPlain(value: unknown): unknown {
  if (value instanceof Map) {
    return Object.fromEntries([...(value as Map<unknown, unknown>).entries()].map(([k, v]) => [String(k), toPlain(v)]));
  }
  if (Array.isArray(value)) {
    return value.map(toPlain);
  }
  return value;
}

/** The policies as JSON for the API: thresholds as `{score: alert}` objects. */
export function policiesToJson(policies: Policies): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (policies.license_policies) {
    json.license_policies = policies.license_policies;
  }
  if (policies.license_clarity_thresholds) {
    json.license_clarity_thresholds = Object.fromEntries(policies.license_clarity_thresholds.map(([k, v]) => [String(k), v]));
  }
  if (policies.scorecard_score_thresholds) {
    json.scorecard_score_thresholds = Object.fromEntries(policies.scorecard_score_thresholds.map(([k, v]) => [String(k), v]));
  }
  return json;
}

/** Policies given as a YAML string or an object (settings.policies). */
export function readPoliciesValue(value: unknown): Policies {
  return typeof value === 'string' ? parsePoliciesYaml(value) : validatePolicies(value);
}
