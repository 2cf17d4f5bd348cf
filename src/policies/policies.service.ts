import { Inject, Injectable } from '@nestjs/common';
import { ActionError, NotFoundError, ValidationError } from '../common/errors';
import type { Project } from '../projects/project.entity';
import { FAIL_LEVELS, licensePolicyIndex, type FailLevel } from './compliance';
import { policiesToJson, PolicyError, readPoliciesValue } from './policies';
import { GLOBAL_POLICIES } from './policies.provider';
import { PoliciesRepository, type ComplianceAlerts } from './policies.repository';
import { hasSettingsPolicies, resolveProjectPolicies, type GlobalPolicies, type PolicySource } from './project-policies';

/** A project's effective policies as the API shows them. */
export interface ProjectPoliciesView {
  source: PolicySource | null;
  location: string | null;
  policies: Record<string, unknown> | null;
  license_policies_enabled: boolean;
  /** Why the policies cannot be used (invalid file or setting); runs fail until it is fixed. */
  error?: string;
  warning?: string;
}

export type StoredAlert = 'ok' | 'warning' | 'error' | null;

@Injectable()
export class PoliciesService {
  constructor(
    private readonly repository: PoliciesRepository,
    @Inject(GLOBAL_POLICIES) private readonly global: GlobalPolicies,
  ) {}

  /** GET /api/policies/: the global policies file and what it holds. */
  globalView(): { policies_file: string; policies: Record<string, unknown> | null; license_policies_enabled: boolean } {
    const { file, policies } = this.global;
    return { policies_file: file, policies: policies ? policiesToJson(policies) : null, license_policies_enabled: licensePolicyIndex(policies) !== null };
  }

  async projectView(uuid: string): Promise<ProjectPoliciesView> {
    return this.viewOf(await this.project(uuid));
  }

  /**
   * Set (or clear, with null or "") the project's `settings.policies` and bring its
   * stored alerts in line at once. Refused while a run is queued or running.
   */
  async setProjectPolicies(uuid: string, value: unknown): Promise<ProjectPoliciesView> {
    const project = await this.project(uuid);
    const settings: Record<string, unknown> = { ...project.settings, policies: value ?? '' };
    if (hasSettingsPolicies(settings)) {
      try {
        readPoliciesValue(value);
      } catch (error) {
        if (error instanceof PolicyError) {
          throw new ValidationError({ policies: [error.message] });
        }
        throw error;
      }
    } else {
      delete settings.policies;
    }
    if (await this.repository.hasRunInProgress(uuid)) {
      throw new ActionError('Cannot change policies while a run is in progress.');
    }
    await this.repository.setSettings(uuid, settings);
    const updated = { ...project, settings };
    await this.refreshAlerts(updated);
    return this.viewOf(updated);
  }

  /** Recompute the stored alerts of a project with its effective policies. */
  async refreshAlerts(project: Pick<Project, 'uuid' | 'settings' | 'work_directory'>): Promise<number> {
    let policies = null;
    try {
      policies = resolveProjectPolicies(project, this.global).policies;
    } catch (error) {
      if (!(error instanceof PolicyError)) {
        throw error;
      }
    }
    return this.repository.refreshAlerts(project.uuid, licensePolicyIndex(policies));
  }

  /** compliance/?fail_level=: alerts at or above the level; a bad level is a 400. */
  async complianceAlerts(uuid: string, failLevel: string | undefined): Promise<ComplianceAlerts> {
    const level = readFailLevel(failLevel);
    await this.project(uuid);
    return this.repository.complianceAlerts(uuid, level);
  }

  async clarityAlert(uuid: string): Promise<StoredAlert> {
    return storedAlert((await this.project(uuid)).extra_data.license_clarity_compliance_alert);
  }

  async scorecardAlert(uuid: string): Promise<StoredAlert> {
    return storedAlert((await this.project(uuid)).extra_data.scorecard_compliance_alert);
  }

  private viewOf(project: Pick<Project, 'settings' | 'work_directory'>): ProjectPoliciesView {
    try {
      const effective = resolveProjectPolicies(project, this.global);
      return {
        source: effective.source,
        location: effective.location,
        policies: effective.policies ? policiesToJson(effective.policies) : null,
        license_policies_enabled: licensePolicyIndex(effective.policies) !== null,
        ...(effective.warning ? { warning: `${effective.warning.description} (${effective.warning.files.join(', ')})` } : {}),
      };
    } catch (error) {
      if (!(error instanceof PolicyError)) {
        throw error;
      }
      const location = /^Invalid policies in (\S+):/.exec(error.message)?.[1] ?? null;
      const source: PolicySource = location?.startsWith('settings') ? 'settings' : location?.startsWith('input') ? 'input' : 'codebase';
      return { source, location, policies: null, license_policies_enabled: false, error: error.message };
    }
  }

  private async project(uuid: string): Promise<Project> {
    const project = await this.repository.project(uuid);
    if (!project) {
      throw new NotFoundError('Project');
    }
    return project;
  }
}

/** ScanCode.io's fail levels, case-insensitive, `error` by default. */
export function readFailLevel(raw: string | undefined): FailLevel {
  const value = (raw ?? '').trim().toLowerCase() || 'error';
  const level = FAIL_LEVELS.find((l) => l === value);
  if (!level) {
    throw new ValidationError({ fail_level: [`"${raw}" is not a valid fail level: use ERROR, WARNING or MISSING.`] });
  }
  return level;
}

function storedAlert(value: unknown): StoredAlert {
  return value === 'ok' || value === 'warning' || value === 'error' ? value : null;
}
