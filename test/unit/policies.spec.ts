import { alertsAtLevel, computeComplianceAlert, licensePolicyIndex, thresholdAlert } from '../../src/policies/compliance';
import { parsePoliciesYaml, PolicyError, readPoliciesValue } from '../../src/policies/policies';

const POLICIES = `
license_policies:
  - license_key: mit
    label: Approved License
    compliance_alert: ''
  - license_key: Apache-2.0
    label: Approved License
    compliance_alert: ''
  - license_key: mpl-2.0
    label: Restricted License
    compliance_alert: warning
  - license_key: gpl-3.0
    label: Prohibited License
    compliance_alert: error
  - license_key: LicenseRef-scancode-public-domain
    compliance_alert: ''
  - license_key: classpath-exception-2.0
    compliance_alert: warning
license_clarity_thresholds:
  91: ok
  80: warning
  0: error
scorecard_score_thresholds:
  9.0: ok
  7.0: warning
  0: error
`;

describe('policies.yml validation', () => {
  it('reads the three policy types, thresholds highest first', () => {
    const policies = parsePoliciesYaml(POLICIES);
    expect(policies.license_policies?.map((p) => [p.license_key, p.compliance_alert])).toEqual([
      ['mit', ''],
      ['Apache-2.0', ''],
      ['mpl-2.0', 'warning'],
      ['gpl-3.0', 'error'],
      ['LicenseRef-scancode-public-domain', ''],
      ['classpath-exception-2.0', 'warning'],
    ]);
    expect(policies.license_clarity_thresholds).toEqual([[91, 'ok'], [80, 'warning'], [0, 'error']]);
    expect(policies.scorecard_score_thresholds).toEqual([[9, 'ok'], [7, 'warning'], [0, 'error']]);
  });

  it('accepts a document with only one policy type', () => {
    expect(parsePoliciesYaml('license_clarity_thresholds:\n  50: ok\n  0: warning\n')).toEqual({
      license_clarity_thresholds: [[50, 'ok'], [0, 'warning']],
    });
  });

  it.each([
    ['a: [1', /^Policies file format error: Flow sequence/],
    ['a: 1\na: 2\n', /^Policies file format error: Map keys must be unique/],
    ['', /^The policies must be a mapping of policy types/],
    ['- license_key: mit\n', /^The policies must be a mapping of policy types/],
    ['labels: [a]\n', /^At least one of the following policy types must be present: license_clarity_thresholds, license_policies, scorecard_score_thresholds$/],
    ['license_clarity_thresholds: [90, 80]\n', /^The `license_clarity_thresholds` must be a dictionary$/],
    ['scorecard_score_thresholds: high\n', /^The `scorecard_score_thresholds` must be a dictionary$/],
    ['license_clarity_thresholds:\n  high: ok\n', /^Threshold keys must be integers, got: high$/],
    ['license_clarity_thresholds:\n  80.5: ok\n', /^Threshold keys must be integers, got: 80.5$/],
    ['scorecard_score_thresholds:\n  nine: ok\n', /^Threshold keys must be numbers, got: nine$/],
    ['scorecard_score_thresholds:\n  9: ok\n  \'9.0\': warning\n', /^Duplicate threshold key: 9$/],
    ['license_clarity_thresholds:\n  90: fine\n', /^Compliance alert must be one of 'ok', 'warning', 'error', got: fine$/],
    ['license_clarity_thresholds:\n  0: error\n  80: ok\n', /^Thresholds must be strictly descending$/],
    ['license_policies: mit\n', /^The `license_policies` must be a list of entries/],
    ['license_policies:\n  - mit\n', /^The license_policies entry 1 must be a mapping/],
    ['license_policies:\n  - label: x\n    compliance_alert: error\n', /^The license_policies entry 1 has no license_key/],
    ['license_policies:\n  - license_key: mit\n  - license_key: gpl-2.0\n    compliance_alert: critical\n', /^The license_policies entry 2 \(gpl-2.0\) has compliance_alert "critical": use '' \(approved\), 'warning' or 'error'\.$/],
  ])('refuses %j', (text, message) => {
    expect(() => parsePoliciesYaml(text)).toThrow(PolicyError);
    expect(() => parsePoliciesYaml(text)).toThrow(message);
  });

  it('takes settings.policies as an object too, sorting thresholds whose JSON order is lost', () => {
    const policies = readPoliciesValue({ license_clarity_thresholds: { '0': 'error', '80': 'warning', '91': 'ok' } });
    expect(policies.license_clarity_thresholds).toEqual([[91, 'ok'], [80, 'warning'], [0, 'error']]);
    expect(() => readPoliciesValue({ license_policies: [{ license_key: 'mit', compliance_alert: 'bad' }] })).toThrow(/compliance_alert "bad"/);
  });
});

describe('compliance alerts', () => {
  const index = licensePolicyIndex(parsePoliciesYaml(POLICIES));

  it.each([
    ['mit', 'ok'],
    ['MIT', 'ok'],
    ['apache-2.0', 'ok'], // policy written with the SPDX id, expression with the ScanCode key
    ['GPL-3.0-only', 'error'], // policy written with the ScanCode key, expression with the SPDX id
    ['public-domain', 'ok'],
    ['mpl-2.0', 'warning'],
    ['gpl-3.0', 'error'],
    ['bsd-new', 'missing'],
    ['mit OR gpl-3.0', 'error'],
    ['mit AND foo', 'missing'],
    ['mit AND (mpl-2.0 OR bsd-new)', 'warning'],
    ['(mit OR apache-2.0) AND mpl-2.0 AND bsd-new', 'warning'],
    ['gpl-2.0 WITH classpath-exception-2.0', 'warning'],
    ['apache-2.0 WITH llvm-exception', 'missing'],
    ['mit AND (', 'ok'],
    ['', ''],
  ])('%s is %s', (expression, alert) => {
    expect(computeComplianceAlert(expression, index)).toBe(alert);
  });

  it('gives no alert when no license policies apply', () => {
    expect(computeComplianceAlert('gpl-3.0', licensePolicyIndex(null))).toBe('');
    expect(computeComplianceAlert('gpl-3.0', licensePolicyIndex(parsePoliciesYaml('license_clarity_thresholds:\n  0: ok\n')))).toBe('');
  });

  it('cumulates fail levels', () => {
    expect(alertsAtLevel('error')).toEqual(['error']);
    expect(alertsAtLevel('warning')).toEqual(['error', 'warning']);
    expect(alertsAtLevel('missing')).toEqual(['error', 'warning', 'missing']);
  });

  it('maps scores to the highest threshold they reach', () => {
    const { license_clarity_thresholds: clarity = [], scorecard_score_thresholds: scorecard = [] } = parsePoliciesYaml(POLICIES);
    expect(thresholdAlert(clarity, 100)).toBe('ok');
    expect(thresholdAlert(clarity, 91)).toBe('ok');
    expect(thresholdAlert(clarity, 90)).toBe('warning');
    expect(thresholdAlert(clarity, 0)).toBe('error');
    expect(thresholdAlert(clarity, null)).toBe('error');
    expect(thresholdAlert(scorecard, 7.5)).toBe('warning');
    expect(thresholdAlert([[50, 'ok']], 10)).toBe('error');
  });
});
