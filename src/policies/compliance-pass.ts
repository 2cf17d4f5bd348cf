import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { MessagesRepository } from '../results/messages.repository';
import { licensePolicyIndex, thresholdAlert } from './compliance';
import { PoliciesRepository } from './policies.repository';
import { loadGlobalPolicies, resolveProjectPolicies, type EffectivePolicies, type GlobalPolicies } from './project-policies';

/** The project fields the pass reads. */
export interface ComplianceProject {
  uuid: string;
  settings: Readonly<Record<string, unknown>>;
  work_directory: string;
  extra_data: Readonly<Record<string, unknown>>;
}

export interface PolicyWarning {
  description: string;
  details: Record<string, unknown>;
}

/**
 * Compliance alerts during a run: after each step for the rows it stored, and a final
 * pass that also sets the license clarity alert when a summary exists. Invalid project
 * policies throw PolicyError, which fails the run with the file and the problem.
 */
export class CompliancePass {
  private global: GlobalPolicies | null = null;
  private warned = false;

  constructor(
    private readonly repository: PoliciesRepository,
    private readonly globalFile: string,
    private readonly warn: (projectUuid: string, warning: PolicyWarning) => Promise<void>,
  ) {}

  /** Recompute stale alerts with the project's effective policies. */
  async refresh(project: ComplianceProject): Promise<EffectivePolicies> {
    const effective = this.resolve(project);
    await this.repository.refreshAlerts(project.uuid, licensePolicyIndex(effective.policies));
    if (effective.warning && !this.warned) {
      this.warned = true;
      await this.warn(project.uuid, { description: effective.warning.description, details: { resources: effective.warning.files } });
    }
    return effective;
  }

  /** The end-of-pipeline pass: alerts, then the clarity alert of the latest summary. */
  async finish(project: ComplianceProject): Promise<void> {
    const effective = await this.refresh(project);
    const thresholds = effective.policies?.license_clarity_thresholds;
    const summaryFile = latestSummary(path.join(project.work_directory, 'output'));
    if (!thresholds || !summaryFile) {
      return;
    }
    const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Record<string, unknown>;
    const clarity = summary.license_clarity_score as { score?: number | null } | undefined;
    const alert = thresholdAlert(thresholds, clarity?.score);
    fs.writeFileSync(summaryFile, JSON.stringify({ ...summary, license_clarity_compliance_alert: alert }, null, 2));
    const current = (await this.repository.project(project.uuid))?.extra_data ?? project.extra_data;
    await this.repository.setExtraData(project.uuid, { ...current, license_clarity_compliance_alert: alert });
  }

  private resolve(project: ComplianceProject): EffectivePolicies {
    this.global ??= loadGlobalPolicies(this.globalFile);
    return resolveProjectPolicies(project, this.global);
  }
}

/** The pass of a run process: project messages for warnings (several policies.yml in codebase/). */
export function openCompliancePass(db: DataSource, globalFile: string): CompliancePass {
  const messages = new MessagesRepository(db);
  return new CompliancePass(new PoliciesRepository(db), globalFile, (projectUuid, warning) =>
    messages.add(projectUuid, { model: 'Project', severity: 'warning', description: warning.description, details: warning.details }),
  );
}

/** The newest `output/*summary*.json` (names carry a sortable timestamp), as ScanCode.io picks it. */
export function latestSummary(outputDir: string): string | null {
  let names: string[];
  try {
    names = fs.readdirSync(outputDir).filter((name) => name.includes('summary') && name.endsWith('.json'));
  } catch {
    return null;
  }
  const latest = names.sort().at(-1);
  return latest ? path.join(outputDir, latest) : null;
}
