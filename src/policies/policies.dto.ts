import { ApiProperty } from '@nestjs/swagger';

const ALERTS = ['ok', 'warning', 'error'];

export class PoliciesDto {
  @ApiProperty({ description: 'The global policies file (SCANLOOM_POLICIES_FILE).' })
  policies_file!: string;

  @ApiProperty({ type: Object, nullable: true, description: 'license_policies, license_clarity_thresholds, scorecard_score_thresholds; null when the file is absent or empty.' })
  policies!: Record<string, unknown> | null;

  @ApiProperty()
  license_policies_enabled!: boolean;
}

export class ProjectPoliciesDto {
  @ApiProperty({ enum: ['settings', 'input', 'codebase', 'global'], nullable: true, type: String })
  source!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'settings.policies, input/policies.yml, codebase/<dir>/policies.yml or the global file.' })
  location!: string | null;

  @ApiProperty({ type: Object, nullable: true })
  policies!: Record<string, unknown> | null;

  @ApiProperty()
  license_policies_enabled!: boolean;

  @ApiProperty({ required: false, description: 'Why the policies cannot be used; runs fail until it is fixed.' })
  error?: string;

  @ApiProperty({ required: false })
  warning?: string;
}

export class SetPoliciesDto {
  @ApiProperty({ description: 'policies.yml text, or the same document as an object; null or "" clears settings.policies.', nullable: true, type: Object })
  policies!: unknown;
}

export class ComplianceDto {
  @ApiProperty({
    type: Object,
    description: '{"packages"|"license_detections"|"resources": {"error"|"warning"|"missing": [purl, identifier or path]}}; only non-empty entries.',
    example: { packages: { error: ['pkg:npm/foo@1.0.0'] }, resources: { warning: ['src/vendor/x.c'] } },
  })
  compliance_alerts!: Record<string, Record<string, string[]>>;
}

export class LicenseClarityComplianceDto {
  @ApiProperty({ enum: ALERTS, nullable: true, type: String })
  license_clarity_compliance_alert!: string | null;
}

export class ScorecardComplianceDto {
  @ApiProperty({ enum: ALERTS, nullable: true, type: String })
  scorecard_compliance_alert!: string | null;
}
