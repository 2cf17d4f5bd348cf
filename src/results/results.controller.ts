import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiRoute } from '../common/api-docs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ActionError, AppError } from '../common/errors';
import { firstString, type Page } from '../common/pagination';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.provider';
import { projectUuid } from '../projects/projects.controller';
import { ProjectsService } from '../projects/projects.service';
import { readFileContent } from './file-content';
import { applyListQuery } from './list-query';
import { fetchPage, type CursorPage } from './list-page';
import { MESSAGES_LIST, messageSortValue, toMessageView } from './messages.list';
import { DEPENDENCIES_LIST, dependencySortValue, PACKAGES_LIST, packageSortValue, toDependencyRow } from './packages.list';
import { toDependencyView, toPackageView } from './packages.views';
import { RESOURCES_LIST, resourceSortValue } from './resources.list';
import { toResourceView } from './resources.views';
import { ResultsRepository } from './results.repository';

const PAGING = [
  { name: 'page', description: 'Page number, or `last`.' },
  { name: 'page_size', description: 'Items per page, up to SCANLOOM_MAX_PAGE_SIZE.', type: 'integer' as const },
  { name: 'cursor', description: 'Keyset paging: start with an empty value, then follow `next`.' },
  { name: 'search', description: 'Search expression: bare terms, or `field:value` with =, ^, $, ~, >, < and a leading - to negate.' },
  { name: 'sort', description: 'Comma-separated sort keys; a leading - sorts descending.' },
];

@ApiTags('results')
@Controller('api/projects/:uuid')
export class ResultsController {
  constructor(
    private readonly results: ResultsRepository,
    private readonly projects: ProjectsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('resources')
  @ApiRoute({ summary: "The project's codebase resources, filtered, searched and sorted as in ScanCode.io", ok: { paginated: true }, query: PAGING })
  async resources(@Req() req: Request, @Param('uuid') uuid: string): Promise<Page<unknown> | CursorPage<unknown>> {
    const { project } = await this.projects.get(projectUuid(uuid));
    const qb = this.results.resources(project.uuid);
    const { order } = await applyListQuery(qb, RESOURCES_LIST, req.query, this.results.dialect, (column) =>
      this.results.distinctValues(this.results.resources(project.uuid), column),
    );
    const page = await fetchPage(req, qb, order, this.config, resourceSortValue((id, expression) => this.results.resourceExpression(id, expression)));
    const packages = await this.results.packagesOf(page.results.map((r) => r.id));
    return { ...page, results: page.results.map((r) => toResourceView(r, packages.get(r.id) ?? [])) };
  }

  @Get('packages')
  @ApiRoute({ summary: "The project's discovered packages, filtered, searched and sorted as in ScanCode.io", ok: { paginated: true }, query: PAGING })
  async packages(@Req() req: Request, @Param('uuid') uuid: string): Promise<Page<unknown> | CursorPage<unknown>> {
    const { project } = await this.projects.get(projectUuid(uuid));
    const qb = this.results.packages(project.uuid);
    const { order } = await applyListQuery(qb, PACKAGES_LIST, req.query, this.results.dialect, (column) =>
      this.results.distinctValues(this.results.packages(project.uuid), column),
    );
    const page = await fetchPage(req, qb, order, this.config, packageSortValue);
    return { ...page, results: page.results.map(toPackageView) };
  }

  @Get('dependencies')
  @ApiRoute({ summary: "The project's discovered dependencies, filtered, searched and sorted as in ScanCode.io", ok: { paginated: true }, query: PAGING })
  async dependencies(@Req() req: Request, @Param('uuid') uuid: string): Promise<Page<unknown> | CursorPage<unknown>> {
    const { project } = await this.projects.get(projectUuid(uuid));
    const qb = this.results.dependencies(project.uuid);
    const { order } = await applyListQuery(qb, DEPENDENCIES_LIST, req.query, this.results.dialect, (column) =>
      this.results.distinctValues(this.results.dependencies(project.uuid), column),
    );
    const page = await fetchPage(req, qb, order, this.config, dependencySortValue(this.results.dialect));
    return { ...page, results: page.results.map((d) => toDependencyView(toDependencyRow(d))) };
  }

  @Get('summary')
  @ApiRoute({
    summary: 'The summary of a scan_single_package run: declared license and holder, license clarity score, key files',
    errors: [{ status: 400, description: 'Summary file not available.' }],
  })
  async summary(@Param('uuid') uuid: string): Promise<unknown> {
    const { project } = await this.projects.get(projectUuid(uuid));
    const file = latestSummaryFile(path.join(project.work_directory, 'output'));
    if (!file) {
      throw new AppError(400, { error: 'Summary file not available' });
    }
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  }

  @Get('messages')
  @ApiRoute({ summary: "The project's messages (errors, warnings, information)", ok: { paginated: true }, query: PAGING })
  async messages(@Req() req: Request, @Param('uuid') uuid: string): Promise<Page<unknown> | CursorPage<unknown>> {
    const { project } = await this.projects.get(projectUuid(uuid));
    const qb = this.results.messages(project.uuid);
    const { order } = await applyListQuery(qb, MESSAGES_LIST, req.query, this.results.dialect, (column) =>
      this.results.distinctValues(this.results.messages(project.uuid), column),
    );
    const page = await fetchPage(req, qb, order, this.config, messageSortValue);
    return { ...page, results: page.results.map(toMessageView) };
  }

  @Get('file_content')
  @ApiRoute({
    summary: 'The text of one codebase resource (printable strings for binary files)',
    query: [{ name: 'path', description: 'The resource path, exactly as the resources list gives it.' }],
    errors: [{ status: 400, description: 'Resource not found, or file not available.' }],
  })
  async fileContent(@Req() req: Request, @Param('uuid') uuid: string): Promise<{ file_content: string }> {
    const { project } = await this.projects.get(projectUuid(uuid));
    const resourcePath = firstString(req.query.path) ?? '';
    const resource = resourcePath ? await this.results.resources(project.uuid).andWhere('r.path = :path', { path: resourcePath }).getOne() : null;
    if (!resource || resource.type === 'directory') {
      throw new ActionError('Resource not found. Use ?path=<resource_path>');
    }
    const content = readFileContent(path.join(project.work_directory, 'codebase'), resource.path, resource.is_binary);
    if (content === null) {
      throw new ActionError('File not available');
    }
    return { file_content: content };
  }

  /** ScanCode.io's documentation still names `errors/`: the same list. */
  @Get('errors')
  @ApiRoute({ summary: 'Alias of messages/', ok: { paginated: true }, query: PAGING })
  async errors(@Req() req: Request, @Param('uuid') uuid: string): Promise<Page<unknown> | CursorPage<unknown>> {
    return this.messages(req, uuid);
  }
}

/** The newest `*summary*.json` of output/ (names carry a timestamp, so the largest name). */
function latestSummaryFile(outputDir: string): string | null {
  const names = fs.existsSync(outputDir) ? fs.readdirSync(outputDir).filter((name) => name.includes('summary') && name.endsWith('.json')) : [];
  const latest = names.sort().at(-1);
  return latest ? path.join(outputDir, latest) : null;
}
