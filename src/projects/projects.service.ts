import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '../config/config.provider';
import type { Config } from '../config/config';
import { ActionError, NotFoundError, ValidationError } from '../common/errors';
import { FieldReader, type Body } from '../common/fields';
import { slugify } from '../common/slug';
import { InputSource } from '../inputs/input-source.entity';
import { sanitizeFilename, uniqueFilename } from '../inputs/filenames';
import { PIPELINE_REGISTRY } from '../pipelines/registry.provider';
import { findPipeline, type PipelineRegistry } from '../pipelines';
import { newRun } from '../runs/new-run';
import { RunsService } from '../runs/runs.service';
import { isRunInProgress } from '../runs/run-status';
import { newSubscription } from '../webhooks/webhook-request';
import { readCreateProject, readInputUrls, type CreateProjectRequest } from './create-project';
import { Project } from './project.entity';
import { ProjectsRepository, type ProjectFilters, type ProjectRecord, type ProjectSummaries } from './projects.repository';
import { clearWorkFolders, createWorkDirectories, projectWorkDirectory, removeWorkDirectory, type WorkSubdir } from './workspace';

export interface ArchiveOptions {
  removeInput: boolean;
  removeCodebase: boolean;
  removeOutput: boolean;
}

export interface ResetOptions {
  keepInput: boolean;
  keepWebhook: boolean;
  restorePipelines: boolean;
  executeNow: boolean;
}

/** ScanCode.io freezes inputs once a run has started, and on archived projects. */
export function canChangeInputs(record: ProjectRecord): boolean {
  return !record.project.is_archived && !record.runs.some((run) => run.task_start_date);
}

/** A file already streamed to disk by the upload handler. */
export interface UploadedFile {
  originalname: string;
  path: string;
  size: number;
}

@Injectable()
export class ProjectsService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(PIPELINE_REGISTRY) private readonly registry: PipelineRegistry,
    private readonly projects: ProjectsRepository,
    private readonly runs: RunsService,
  ) {}

  /**
   * Create a project from a create body and its uploaded files. Validation errors are
   * DRF field dicts; nothing is written unless the whole request is valid.
   */
  async create(body: Body, uploads: UploadedFile[], options: { globalWebhook?: boolean } = {}): Promise<ProjectRecord> {
    try {
      const { request, errors } = readCreateProject(body, this.registry, { allowPrivateUrls: this.config.allowPrivateUrls });
      if (!request) {
        throw new ValidationError(errors);
      }
      if (await this.projects.nameExists(request.name)) {
        throw new ValidationError({ name: ['project with this name already exists.'] });
      }
      const record = await this.insert(request, uploads, options.globalWebhook ?? true);
      if (request.executeNow) {
        await this.runs.executeFirstRun(record.project.uuid);
        return (await this.projects.findOne(record.project.uuid)) ?? record;
      }
      return record;
    } finally {
      await Promise.all(uploads.map((file) => fs.promises.rm(file.path, { force: true })));
    }
  }

  async page(filters: ProjectFilters, page: { offset: number; limit: number }): Promise<ProjectRecord[]> {
    return this.projects.page(filters, page);
  }

  async count(filters: ProjectFilters): Promise<number> {
    return this.projects.count(filters);
  }

  async get(uuid: string): Promise<ProjectRecord> {
    const record = await this.projects.findOne(uuid);
    if (!record) {
      throw new NotFoundError('Project');
    }
    return record;
  }

  async detail(uuid: string): Promise<{ record: ProjectRecord; summaries: ProjectSummaries }> {
    const record = await this.get(uuid);
    return { record, summaries: await this.projects.summaries(uuid) };
  }

  /**
   * add_input: uploaded files and download URLs, refused once a run has started or the
   * project is archived (ScanCode.io freezes inputs then).
   */
  async addInputs(uuid: string, body: Body, uploads: UploadedFile[], urlsMayBeString: boolean): Promise<void> {
    try {
      const record = await this.get(uuid);
      if (!canChangeInputs(record)) {
        throw new ActionError('Cannot add inputs once a pipeline has started to execute.');
      }
      const fields = new FieldReader(body);
      const urls = readInputUrls(fields, { allowString: urlsMayBeString, allowPrivateUrls: this.config.allowPrivateUrls });
      const tag = fields.string('upload_file_tag', { max: 50 }) ?? '';
      if (!fields.ok) {
        throw new ValidationError(fields.errors);
      }
      if (uploads.length === 0 && urls.length === 0) {
        throw new ActionError('upload_file or input_urls required.');
      }
      let tick = Date.now();
      const stamp = () => new Date(tick++);
      const inputs = [
        ...this.storeUploads(record.project.work_directory, uploads).map((filename) => inputSource(uuid, stamp(), { filename, is_uploaded: true, tag })),
        ...urls.map((input) => inputSource(uuid, stamp(), { download_url: input.url, tag: input.tag })),
      ];
      await this.projects.insertInputs(inputs);
    } finally {
      await Promise.all(uploads.map((file) => fs.promises.rm(file.path, { force: true })));
    }
  }

  /**
   * Store files as uploaded inputs of a project (they are moved into its input/ folder);
   * returns the names they got there.
   */
  async addUploads(uuid: string, uploads: UploadedFile[], tag: string): Promise<string[]> {
    const record = await this.get(uuid);
    if (!canChangeInputs(record)) {
      throw new ActionError('Cannot add inputs once a pipeline has started to execute.');
    }
    const { project } = record;
    const inputs = this.storeUploads(project.work_directory, uploads).map((filename) =>
      inputSource(uuid, new Date(), { filename, is_uploaded: true, tag: tag.slice(0, 50) }),
    );
    await this.projects.insertInputs(inputs);
    return inputs.map((input) => input.filename);
  }

  /** Delete rows and the work directory; refused while a run is queued or running. */
  async delete(uuid: string): Promise<void> {
    const record = await this.get(uuid);
    if (record.runs.some(isRunInProgress)) {
      throw new ActionError('Cannot delete project while a run is in progress.');
    }
    await this.projects.delete(uuid);
    await removeWorkDirectory(this.config.workspace, record.project.work_directory);
  }

  /**
   * archive: empty tmp/ and the chosen folders and mark the project archived (it stays
   * readable, takes no new inputs); refused while a run is queued or running.
   */
  async archive(uuid: string, options: ArchiveOptions): Promise<ProjectRecord> {
    const record = await this.get(uuid);
    if (record.runs.some(isRunInProgress)) {
      throw new ActionError('Cannot archive project while a run is in progress.');
    }
    const folders: WorkSubdir[] = ['tmp'];
    if (options.removeInput) {
      folders.push('input');
    }
    if (options.removeCodebase) {
      folders.push('codebase');
    }
    if (options.removeOutput) {
      folders.push('output');
    }
    await clearWorkFolders(this.config.workspace, record.project.work_directory, folders);
    await this.projects.setArchived(uuid);
    return record;
  }

  /**
   * reset: delete every result, message and run, empty codebase/, output/ and tmp/
   * (input/ and its sources too unless kept); optionally add the same pipelines again.
   */
  async reset(uuid: string, options: ResetOptions): Promise<ProjectRecord> {
    const record = await this.get(uuid);
    if (record.runs.some(isRunInProgress)) {
      throw new ActionError('Cannot reset project while a run is in progress.');
    }
    const restored = options.restorePipelines ? record.runs : [];
    let tick = Date.now();
    const runs = restored.map((run) => {
      const pipeline = findPipeline(run.pipeline_name, this.registry);
      if (!pipeline) {
        throw new ActionError(`Cannot restore ${run.pipeline_name}: it is not a valid pipeline.`);
      }
      return newRun(uuid, new Date(tick++), pipeline, run.selected_groups);
    });
    await this.projects.reset(uuid, { inputs: options.keepInput, webhooks: options.keepWebhook }, runs);
    const folders: WorkSubdir[] = options.keepInput ? ['codebase', 'output', 'tmp'] : ['input', 'codebase', 'output', 'tmp'];
    await clearWorkFolders(this.config.workspace, record.project.work_directory, folders);
    if (runs.length > 0 && options.executeNow) {
      await this.runs.executeFirstRun(uuid);
    }
    return record;
  }

  private async insert(request: CreateProjectRequest, uploads: UploadedFile[], globalWebhook: boolean): Promise<ProjectRecord> {
    const now = new Date();
    const uuid = randomUUID();
    const slug = `${slugify(request.name) || 'project'}-${uuid.slice(0, 8)}`;
    const workDirectory = projectWorkDirectory(this.config.workspace, slug);
    const project = Object.assign(new Project(), {
      uuid,
      created_date: now,
      name: request.name,
      slug,
      work_directory: workDirectory,
      is_archived: false,
      notes: request.notes,
      settings: request.settings,
      purl: request.purl,
      resource_count: 0,
      package_count: 0,
      dependency_count: 0,
      message_count: 0,
      relation_count: 0,
      extra_data: request.extraData,
    });
    createWorkDirectories(workDirectory);
    // Rows are created with increasing timestamps so their order is the request's order.
    let tick = now.getTime();
    const stamp = () => new Date(tick++);
    try {
      const inputs = [
        ...this.storeUploads(workDirectory, uploads).map((filename) =>
          inputSource(uuid, stamp(), { filename, is_uploaded: true, tag: request.uploadFileTag }),
        ),
        ...request.inputUrls.map((input) => inputSource(uuid, stamp(), { download_url: input.url, tag: input.tag })),
      ];
      const runs = request.pipelines.map((selection) => newRun(uuid, stamp(), selection.pipeline, selection.groups));
      // The global webhook (SCANLOOM_GLOBAL_WEBHOOK) is attached first, as ScanCode.io does on save.
      const webhooks = [...(this.config.globalWebhook && globalWebhook ? [this.config.globalWebhook] : []), ...request.webhooks].map((hook) =>
        newSubscription(uuid, hook, stamp()),
      );
      const labels = request.labels.map((name) => ({ name, slug: slugify(name) || name.toLowerCase() }));
      await this.projects.insert({ project, labels, inputs, runs, webhooks });
      return { project, labels: request.labels.slice().sort(), runs, inputs };
    } catch (error) {
      await removeWorkDirectory(this.config.workspace, workDirectory);
      throw error;
    }
  }

  /** Move uploaded files into input/, never overwriting an earlier input of the same name. */
  private storeUploads(workDirectory: string, uploads: UploadedFile[]): string[] {
    const inputDir = path.join(workDirectory, 'input');
    return uploads.map((file) => {
      const filename = uniqueFilename(inputDir, sanitizeFilename(file.originalname));
      fs.renameSync(file.path, path.join(inputDir, filename));
      return filename;
    });
  }
}

function inputSource(projectUuid: string, created: Date, fields: Partial<InputSource>): InputSource {
  return Object.assign(new InputSource(), {
    uuid: randomUUID(),
    project_uuid: projectUuid,
    created_date: created,
    download_url: '',
    filename: '',
    is_uploaded: false,
    tag: '',
    ...fields,
  });
}
