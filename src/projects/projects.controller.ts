import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor, NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiRoute, StatusDto } from '../common/api-docs';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.provider';
import { ValidationError } from '../common/errors';
import { FieldReader, MESSAGES, normalizeUuid, parseBooleanValue, pathUuid } from '../common/fields';
import { firstString, pageEnvelope, readPageRequest, resolvePage, type Page } from '../common/pagination';
import { baseUrl } from '../common/request-context';
import type { PipelineRegistry } from '../pipelines';
import { toPipelineView, type PipelineView } from '../pipelines/pipelines.views';
import { PIPELINE_REGISTRY } from '../pipelines/registry.provider';
import { RunsService } from '../runs/runs.service';
import { AddInputDto, AddPipelineDto, ApiRootDto, ArchiveDto, CreateProjectDto, PipelineDto, ProjectDetailDto, ProjectListItemDto, ResetDto } from './projects.dto';
import type { ProjectFilters } from './projects.repository';
import { ProjectsService, type UploadedFile } from './projects.service';
import { toProjectDetailView, toProjectListView, type ProjectDetailView, type ProjectListView } from './projects.views';

const LIST_FILTERS = [
  { name: 'name', description: 'Exact name.' },
  { name: 'name__contains', description: 'Case-sensitive substring of the name.' },
  { name: 'name__startswith', description: 'Case-sensitive prefix of the name.' },
  { name: 'name__endswith', description: 'Case-sensitive suffix of the name.' },
  { name: 'names', description: 'Comma-separated substrings; any may match.' },
  { name: 'uuid', description: 'Exact project UUID.' },
  { name: 'is_archived', description: 'true or false.' },
  { name: 'label', description: 'Label slug.' },
  { name: 'page', description: 'Page number, or `last`.' },
  { name: 'page_size', description: 'Items per page, up to SCANLOOM_MAX_PAGE_SIZE (alias: per_page).', type: 'integer' as const },
];

@ApiTags('projects')
@Controller('api')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly runs: RunsService,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(PIPELINE_REGISTRY) private readonly registry: PipelineRegistry,
  ) {}

  @Get()
  @ApiRoute({ summary: 'API root', ok: { type: ApiRootDto } })
  root(@Req() req: Request): ApiRootDto {
    return { projects: `${baseUrl(req)}/api/projects/` };
  }

  @Get('projects')
  @ApiRoute({ summary: 'List projects, newest first', ok: { type: ProjectListItemDto, paginated: true }, query: LIST_FILTERS })
  async list(@Req() req: Request): Promise<Page<ProjectListView>> {
    const filters = readProjectFilters(req.query);
    const pageRequest = readPageRequest(req.query, this.config.pageSize, this.config.maxPageSize);
    const count = await this.projects.count(filters);
    const { offset, limit, page } = resolvePage(pageRequest, count);
    const records = count > 0 ? await this.projects.page(filters, { offset, limit }) : [];
    const base = baseUrl(req);
    return pageEnvelope(req, count, page, pageRequest.size, records.map((r) => toProjectListView(r, base)));
  }

  @Get('projects/pipelines')
  @ApiRoute({ summary: 'Registered pipelines with their steps and optional groups', ok: { type: PipelineDto, isArray: true } })
  pipelines(): PipelineView[] {
    return [...this.registry.values()].map(toPipelineView).sort((a, b) => a.name.localeCompare(b.name));
  }

  @Post('projects')
  @UseInterceptors(FileFieldsInterceptor([{ name: 'upload_file', maxCount: 1000 }]))
  @ApiRoute({
    summary: 'Create a project, with inputs, pipelines and webhooks',
    body: CreateProjectDto,
    consumes: ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'],
    ok: { status: 201, type: ProjectListItemDto },
    errors: [{ status: 400, description: 'Field errors, e.g. {"name": ["This field is required."]}' }],
  })
  async create(
    @Req() req: Request,
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFiles() files: { upload_file?: UploadedFile[] } | undefined,
  ): Promise<ProjectListView> {
    const record = await this.projects.create(body ?? {}, files?.upload_file ?? []);
    return toProjectListView(record, baseUrl(req));
  }

  @Get('projects/:uuid')
  @ApiRoute({ summary: 'Project detail', ok: { type: ProjectDetailDto }, errors: [{ status: 404, description: 'No such project.' }] })
  async detail(@Req() req: Request, @Param('uuid') uuid: string): Promise<ProjectDetailView> {
    const { record, summaries } = await this.projects.detail(projectUuid(uuid));
    return toProjectDetailView(record, summaries, baseUrl(req));
  }

  @Get('projects/:uuid/add_input')
  @ApiRoute({ summary: 'Help for add_input (a GET answers "upload_file or input_urls required.")', errors: [{ status: 400, description: 'upload_file or input_urls required.' }] })
  async addInputHelp(@Req() req: Request, @Param('uuid') uuid: string): Promise<StatusDto> {
    return this.addInput(req, uuid, {}, undefined);
  }

  @Post('projects/:uuid/add_input')
  @HttpCode(201)
  @UseInterceptors(FileFieldsInterceptor([{ name: 'upload_file', maxCount: 1000 }]))
  @ApiRoute({
    summary: 'Add uploaded files or download URLs to a project whose runs have not started',
    body: AddInputDto,
    consumes: ['multipart/form-data', 'application/json', 'application/x-www-form-urlencoded'],
    ok: { status: 201, type: StatusDto },
    errors: [{ status: 400, description: 'A run has started, or neither upload_file nor input_urls was given.' }],
  })
  async addInput(
    @Req() req: Request,
    @Param('uuid') uuid: string,
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFiles() files: { upload_file?: UploadedFile[] } | undefined,
  ): Promise<StatusDto> {
    // JSON clients must send input_urls as a list; forms may send one value (DRF's ListField).
    const isJson = Boolean(req.is('application/json'));
    await this.projects.addInputs(projectUuid(uuid), body ?? {}, files?.upload_file ?? [], !isJson);
    return { status: 'Input(s) added.' };
  }

  @Get('projects/:uuid/add_pipeline')
  @ApiRoute({ summary: 'Help for add_pipeline (a GET answers "Pipeline required.")', errors: [{ status: 400, description: 'Pipeline required.' }] })
  async addPipelineHelp(@Param('uuid') uuid: string): Promise<StatusDto> {
    return this.addPipeline(uuid, {});
  }

  @Post('projects/:uuid/add_pipeline')
  @HttpCode(201)
  @ApiRoute({
    summary: 'Add a pipeline run to a project, optionally starting it',
    body: AddPipelineDto,
    consumes: ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'],
    ok: { status: 201, type: StatusDto },
    errors: [{ status: 400, description: 'Pipeline required, or not a valid pipeline.' }],
  })
  @UseInterceptors(NoFilesInterceptor())
  async addPipeline(@Param('uuid') uuid: string, @Body() body: Record<string, unknown> | undefined): Promise<StatusDto> {
    const { project } = await this.projects.get(projectUuid(uuid));
    const fields = new FieldReader(body ?? {});
    await this.runs.addPipeline(project.uuid, fields.string('pipeline'), fields.boolean('execute_now', false));
    return { status: 'Pipeline added.' };
  }

  @Get('projects/:uuid/archive')
  @ApiRoute({ summary: 'Help for archive (no side effect)', ok: { type: StatusDto } })
  async archiveHelp(@Param('uuid') uuid: string): Promise<StatusDto> {
    await this.projects.get(projectUuid(uuid));
    return {
      status:
        'POST on this URL to archive the project. You can choose to remove workspace directories by providing the ' +
        'following parameters: `remove_input=True`, `remove_codebase=True`, `remove_output=True`.',
    };
  }

  @Post('projects/:uuid/archive')
  @HttpCode(200)
  @UseInterceptors(NoFilesInterceptor())
  @ApiRoute({
    summary: 'Archive a project: empty tmp/ and the chosen folders; it stays readable but takes no new inputs',
    body: ArchiveDto,
    consumes: ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'],
    ok: { type: StatusDto },
    errors: [{ status: 400, description: 'A run is in progress, or a flag is not a boolean.' }],
  })
  async archive(@Param('uuid') uuid: string, @Body() body: Record<string, unknown> | undefined): Promise<StatusDto> {
    const { project } = await this.projects.get(projectUuid(uuid));
    const fields = new FieldReader(body ?? {});
    const options = {
      removeInput: fields.boolean('remove_input', false),
      removeCodebase: fields.boolean('remove_codebase', false),
      removeOutput: fields.boolean('remove_output', false),
    };
    if (!fields.ok) {
      throw new ValidationError(fields.errors);
    }
    await this.projects.archive(project.uuid, options);
    return { status: `The project ${project.name} has been archived.` };
  }

  @Get('projects/:uuid/reset')
  @ApiRoute({ summary: 'Help for reset (no side effect)', ok: { type: StatusDto } })
  async resetHelp(@Param('uuid') uuid: string): Promise<StatusDto> {
    await this.projects.get(projectUuid(uuid));
    return { status: 'POST on this URL to reset the project.' };
  }

  @Post('projects/:uuid/reset')
  @HttpCode(200)
  @UseInterceptors(NoFilesInterceptor())
  @ApiRoute({
    summary: 'Reset a project: delete its results, messages and runs and empty codebase/, output/ and tmp/',
    body: ResetDto,
    consumes: ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'],
    ok: { type: StatusDto },
    errors: [{ status: 400, description: 'A run is in progress, or a flag is not a boolean.' }],
  })
  async reset(@Param('uuid') uuid: string, @Body() body: Record<string, unknown> | undefined): Promise<StatusDto> {
    const { project } = await this.projects.get(projectUuid(uuid));
    const fields = new FieldReader(body ?? {});
    const options = {
      keepInput: fields.boolean('keep_input', true),
      keepWebhook: fields.boolean('keep_webhook', true),
      restorePipelines: fields.boolean('restore_pipelines', false),
      executeNow: fields.boolean('execute_now', false),
    };
    if (!fields.ok) {
      throw new ValidationError(fields.errors);
    }
    await this.projects.reset(project.uuid, options);
    return { status: `The ${project.name} project has been reset.` };
  }

  @Delete('projects/:uuid')
  @HttpCode(204)
  @ApiRoute({ summary: 'Delete a project, its rows and its work directory', errors: [{ status: 400, description: 'A run is in progress.' }] })
  async delete(@Param('uuid') uuid: string): Promise<void> {
    await this.projects.delete(projectUuid(uuid));
  }
}

/** A project UUID from the path; a malformed one is DRF's plain 404. */
export const projectUuid = pathUuid;

/** ScanCode.io's project list filters; unknown parameters are ignored. */
export function readProjectFilters(query: Request['query']): ProjectFilters {
  const filters: ProjectFilters = {};
  const text = (key: string) => firstString(query[key]);
  filters.name = text('name') || undefined;
  filters.nameContains = text('name__contains') || undefined;
  filters.nameStartsWith = text('name__startswith') || undefined;
  filters.nameEndsWith = text('name__endswith') || undefined;
  const names = text('names');
  if (names) {
    filters.names = names.split(',').map((n) => n.trim()).filter(Boolean);
  }
  const uuid = text('uuid');
  if (uuid) {
    const normalized = normalizeUuid(uuid);
    if (!normalized) {
      throw new ValidationError({ uuid: [MESSAGES.invalidUuid] });
    }
    filters.uuid = normalized;
  }
  const archived = text('is_archived');
  if (archived && ['true', 'false'].includes(archived.toLowerCase())) {
    filters.isArchived = parseBooleanValue(archived);
  }
  filters.label = text('label') || undefined;
  return filters;
}
