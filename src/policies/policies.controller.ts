import { Body, Controller, Get, HttpCode, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiRoute } from '../common/api-docs';
import { pathUuid } from '../common/fields';
import { firstString } from '../common/pagination';
import { ComplianceDto, LicenseClarityComplianceDto, PoliciesDto, ProjectPoliciesDto, ScorecardComplianceDto, SetPoliciesDto } from './policies.dto';
import type { ComplianceAlerts } from './policies.repository';
import { PoliciesService, type ProjectPoliciesView, type StoredAlert } from './policies.service';

@ApiTags('policies')
@Controller('api')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get('policies')
  @ApiRoute({ summary: 'The global policies (SCANLOOM_POLICIES_FILE) every project without its own uses', ok: { type: PoliciesDto } })
  global(): ReturnType<PoliciesService['globalView']> {
    return this.policies.globalView();
  }

  @Get('projects/:uuid/policies')
  @ApiRoute({
    summary: "The project's effective policies and where they come from (settings.policies, input/policies.yml, codebase/*/policies.yml or the global file)",
    ok: { type: ProjectPoliciesDto },
    errors: [{ status: 404, description: 'No such project.' }],
  })
  async project(@Param('uuid') uuid: string): Promise<ProjectPoliciesView> {
    return this.policies.projectView(pathUuid(uuid));
  }

  @Post('projects/:uuid/policies')
  @HttpCode(200)
  @UseInterceptors(NoFilesInterceptor())
  @ApiRoute({
    summary: "Set the project's settings.policies (YAML text or an object; null or \"\" clears it) and recompute its compliance alerts",
    body: SetPoliciesDto,
    consumes: ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'],
    ok: { type: ProjectPoliciesDto },
    errors: [{ status: 400, description: 'Invalid policies ({"policies": [...]}), or a run is in progress.' }],
  })
  async setProject(@Param('uuid') uuid: string, @Body() body: Record<string, unknown> | undefined): Promise<ProjectPoliciesView> {
    return this.policies.setProjectPolicies(pathUuid(uuid), body?.policies);
  }

  @Get('projects/:uuid/compliance')
  @ApiRoute({
    summary: 'Compliance alerts of packages, license detections and resources at or above a fail level',
    ok: { type: ComplianceDto },
    query: [{ name: 'fail_level', description: 'error (default), warning or missing; case-insensitive.', enum: ['error', 'warning', 'missing'] }],
    errors: [{ status: 400, description: 'Not a valid fail level.' }],
  })
  async compliance(@Req() req: Request, @Param('uuid') uuid: string): Promise<{ compliance_alerts: ComplianceAlerts }> {
    return { compliance_alerts: await this.policies.complianceAlerts(pathUuid(uuid), firstString(req.query.fail_level)) };
  }

  @Get('projects/:uuid/license_clarity_compliance')
  @ApiRoute({ summary: 'The license clarity alert stored by the last summary (null when never computed)', ok: { type: LicenseClarityComplianceDto } })
  async licenseClarity(@Param('uuid') uuid: string): Promise<{ license_clarity_compliance_alert: StoredAlert }> {
    return { license_clarity_compliance_alert: await this.policies.clarityAlert(pathUuid(uuid)) };
  }

  @Get('projects/:uuid/scorecard_compliance')
  @ApiRoute({ summary: 'The OpenSSF Scorecard alert (null when never computed)', ok: { type: ScorecardComplianceDto } })
  async scorecard(@Param('uuid') uuid: string): Promise<{ scorecard_compliance_alert: StoredAlert }> {
    return { scorecard_compliance_alert: await this.policies.scorecardAlert(pathUuid(uuid)) };
  }
}
