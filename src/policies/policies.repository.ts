import { DataSource, In, IsNull, Not, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { Project } from '../projects/project.entity';
import { CodebaseResource } from '../results/codebase-resource.entity';
import { DiscoveredDependency } from '../results/discovered-dependency.entity';
import { DiscoveredLicense } from '../results/discovered-license.entity';
import { DiscoveredPackage } from '../results/discovered-package.entity';
import { purlOf } from '../results/packages.views';
import { Run } from '../runs/run.entity';
import { alertsAtLevel, computeComplianceAlert, type FailLevel, type LicensePolicyIndex } from './compliance';

const CHUNK = 500;

/** The rows that carry a compliance alert, and the expression it is computed from. */
const ALERT_TABLES: readonly { name: AlertSection; entity: EntityTarget<ObjectLiteral>; expression: string }[] = [
  { name: 'packages', entity: DiscoveredPackage, expression: 'declared_license_expression' },
  { name: 'license_detections', entity: DiscoveredLicense, expression: 'license_expression' },
  { name: 'resources', entity: CodebaseResource, expression: 'detected_license_expression' },
];

export type AlertSection = 'packages' | 'license_detections' | 'resources';

/** `{section: {severity: [entries]}}`, only non-empty sections and severities. */
export type ComplianceAlerts = Partial<Record<AlertSection, Record<string, string[]>>>;

/** Stored compliance alerts and the policy-related parts of a project. */
export class PoliciesRepository {
  constructor(private readonly db: DataSource) {}

  async project(uuid: string): Promise<Project | null> {
    return this.db.getRepository(Project).findOneBy({ uuid });
  }

  async setSettings(uuid: string, settings: Record<string, unknown>): Promise<void> {
    await this.db.getRepository(Project).update({ uuid }, { settings: settings as never });
  }

  async setExtraData(uuid: string, extraData: Record<string, unknown>): Promise<void> {
    await this.db.getRepository(Project).update({ uuid }, { extra_data: extraData as never });
  }

  /**
   * Bring every stored alert of a project in line with the policy index: one alert per
   * distinct license expression, then one UPDATE per alert value for the rows that differ.
   * Returns how many rows changed.
   */
  async refreshAlerts(projectUuid: string, index: LicensePolicyIndex | null): Promise<number> {
    let changed = 0;
    for (const table of ALERT_TABLES) {
      // One pass over the rows finds the (expression, stored alert) pairs; only stale ones are updated.
      const pairs = await this.db
        .getRepository(table.entity)
        .createQueryBuilder('t')
        .select(`t.${table.expression}`, 'expression')
        .addSelect('t.compliance_alert', 'alert')
        .where('t.project_uuid = :projectUuid', { projectUuid })
        .groupBy(`t.${table.expression}`)
        .addGroupBy('t.compliance_alert')
        .getRawMany<{ expression: string | null; alert: string | null }>();
      const computed = new Map<string, string>();
      const stale = new Map<string, Set<string>>();
      for (const pair of pairs) {
        const expression = pair.expression ?? '';
        let alert = computed.get(expression);
        if (alert === undefined) {
          alert = computeComplianceAlert(expression, index);
          computed.set(expression, alert);
        }
        if (alert !== (pair.alert ?? '')) {
          stale.set(alert, (stale.get(alert) ?? new Set()).add(expression));
        }
      }
      if (stale.size === 0) {
        continue;
      }
      await this.db.transaction(async (tx) => {
        for (const [alert, expressions] of stale) {
          const values = [...expressions];
          for (let i = 0; i < values.length; i += CHUNK) {
            const result = await tx
              .createQueryBuilder()
              .update(table.entity)
              .set({ compliance_alert: alert })
              .where({ project_uuid: projectUuid, [table.expression]: In(values.slice(i, i + CHUNK)) })
              .andWhere('compliance_alert <> :alert', { alert })
              .execute();
            changed += result.affected ?? 0;
          }
        }
      });
    }
    return changed;
  }

  /**
   * ScanCode.io's compliance report: packages (purls, by purl parts), license detections
   * (identifiers) and resources (paths) whose alert is at or above the fail level.
   */
  async complianceAlerts(projectUuid: string, level: FailLevel): Promise<ComplianceAlerts> {
    const severities = alertsAtLevel(level);
    const report: ComplianceAlerts = {};
    const group = (rows: { alert: string; label: string }[]): Record<string, string[]> | null => {
      const grouped: Record<string, string[]> = {};
      for (const severity of severities) {
        const labels = rows.filter((r) => r.alert === severity).map((r) => r.label);
        if (labels.length) {
          grouped[severity] = labels;
        }
      }
      return Object.keys(grouped).length ? grouped : null;
    };
    const where = { project_uuid: projectUuid, compliance_alert: In(severities) };
    const packages = await this.db.getRepository(DiscoveredPackage).find({
      select: ['uuid', 'type', 'namespace', 'name', 'version', 'qualifiers', 'subpath', 'compliance_alert'],
      where,
      order: { type: 'ASC', namespace: 'ASC', name: 'ASC', version: 'ASC', qualifiers: 'ASC', subpath: 'ASC', id: 'ASC' },
    });
    const licenses = await this.db.getRepository(DiscoveredLicense).find({ select: ['identifier', 'compliance_alert'], where, order: { identifier: 'ASC' } });
    const resources = await this.db.getRepository(CodebaseResource).find({ select: ['path', 'compliance_alert'], where, order: { path: 'ASC' } });
    const sections: [AlertSection, { alert: string; label: string }[]][] = [
      ['packages', packages.map((p) => ({ alert: p.compliance_alert, label: purlOf(p) || p.uuid }))],
      ['license_detections', licenses.map((l) => ({ alert: l.compliance_alert, label: l.identifier }))],
      ['resources', resources.map((r) => ({ alert: r.compliance_alert, label: r.path }))],
    ];
    for (const [name, rows] of sections) {
      const grouped = group(rows);
      if (grouped) {
        report[name] = grouped;
      }
    }
    return report;
  }

  /**
   * Known vulnerabilities of the project's packages and dependencies, by vulnerability id,
   * with the purls they affect (for `check-compliance --fail-on-vulnerabilities`).
   */
  async vulnerabilities(projectUuid: string): Promise<Map<string, string[]>> {
    const affected = <T extends ObjectLiteral>(entity: EntityTarget<T>) =>
      this.db
        .getRepository(entity)
        .createQueryBuilder('t')
        .where('t.project_uuid = :projectUuid', { projectUuid })
        .andWhere("t.affected_by_vulnerabilities NOT IN ('[]', '', 'null')")
        .getMany();
    const found = new Map<string, string[]>();
    const add = (label: string, advisories: unknown[]) => {
      for (const advisory of advisories) {
        const id = typeof advisory === 'string' ? advisory : (advisory as { vulnerability_id?: unknown }).vulnerability_id;
        if (typeof id === 'string' && id) {
          found.set(id, [...(found.get(id) ?? []), label]);
        }
      }
    };
    for (const pkg of await affected(DiscoveredPackage)) {
      add(purlOf(pkg) || pkg.uuid, pkg.affected_by_vulnerabilities);
    }
    for (const dependency of await affected(DiscoveredDependency)) {
      add(purlOf(dependency) || dependency.dependency_uid, dependency.affected_by_vulnerabilities);
    }
    return found;
  }

  /** Whether a run of the project is queued or running. */
  async hasRunInProgress(projectUuid: string): Promise<boolean> {
    return this.db.getRepository(Run).existsBy({ project_uuid: projectUuid, task_id: Not(IsNull()), task_end_date: IsNull() });
  }
}
