import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Param, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiRoute } from '../common/api-docs';
import { ReportError } from '../common/errors';
import { firstString } from '../common/pagination';
import { baseUrl } from '../common/request-context';
import { projectUuid, readProjectFilters } from '../projects/projects.controller';
import { ProjectsService } from '../projects/projects.service';
import { DOWNLOAD_FORMATS, formatSpec, outputFileName, resolveFormat, safeFilename } from './index';
import { OutputsService } from './outputs.service';
import { REPORT_MODELS, type ReportModel } from './xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Results, downloads in every format, the output files and the cross-project report. */
@ApiTags('results')
@Controller('api/projects')
export class ExportsController {
  private readonly logger = new Logger('exports');

  constructor(
    private readonly projects: ProjectsService,
    private readonly outputs: OutputsService,
  ) {}

  @Get('report')
  @ApiRoute({
    summary: 'One XLSX sheet of a model (package, dependency, resource, relation, message, todo) across the projects matching the list filters',
    query: [
      { name: 'model', description: 'package, dependency, resource, relation, message or todo.', enum: REPORT_MODELS },
      { name: 'label', description: 'Label slug.' },
      { name: 'name__contains', description: 'Case-sensitive substring of the project name.' },
    ],
    errors: [{ status: 400, description: 'Missing or unknown model: {"error": ..., "choices": ...}' }],
  })
  async report(@Req() req: Request, @Res() res: Response): Promise<void> {
    const choices = REPORT_MODELS.join(', ');
    const model = firstString(req.query.model);
    if (!model) {
      throw new ReportError('Specifies the model to include in the XLSX report. Using: ?model=MODEL', { choices });
    }
    if (!(REPORT_MODELS as readonly string[]).includes(model)) {
      throw new ReportError(`${model} is not on of the valid choices`, { choices });
    }
    const filters = readProjectFilters(req.query);
    res.attachment(outputFileName('scancodeio-report', 'xlsx'));
    res.type(XLSX_TYPE);
    await this.streamOrAbort(res, () => this.outputs.report(filters, model as ReportModel, res));
  }

  @Get(':uuid/results')
  @ApiRoute({ summary: "The project's ScanCode.io JSON results document, streamed" })
  async results(@Param('uuid') uuid: string, @Res() res: Response): Promise<void> {
    const record = await this.projects.get(projectUuid(uuid));
    res.type('application/json');
    await this.streamOrAbort(res, () => this.outputs.stream(record, 'json', '', res));
  }

  @Get(':uuid/results_download')
  @ApiRoute({
    summary: 'Download the results as an attachment; every format but json is also written to output/',
    query: [
      { name: 'output_format', description: 'Default json.', enum: DOWNLOAD_FORMATS },
      { name: 'version', description: 'spdx: 2.3 (default) or 2.2; cyclonedx: 1.6 (default), 1.5 or 1.4.' },
    ],
    errors: [{ status: 400, description: 'Unknown output_format or version: {"status": ..., "choices": ...}' }],
  })
  async download(@Req() req: Request, @Param('uuid') uuid: string, @Res() res: Response): Promise<void> {
    const record = await this.projects.get(projectUuid(uuid));
    const { format, version } = resolveFormat(firstString(req.query.output_format) || 'json', firstString(req.query.version));
    const name = record.project.name;
    if (format === 'json') {
      res.attachment(safeFilename(`scancodeio_${name}.json`));
      res.type('application/json');
      await this.streamOrAbort(res, () => this.outputs.stream(record, 'json', '', res));
      return;
    }
    if (format === 'all_formats' || format === 'all_outputs') {
      const zip = format === 'all_formats' ? await this.outputs.allFormats(record) : await this.outputs.allOutputs(record);
      try {
        await this.sendFile(res, zip, safeFilename(`scancodeio_${name}_${path.basename(zip)}`), 'application/zip');
      } finally {
        await fs.promises.rm(path.dirname(zip), { recursive: true, force: true });
      }
      return;
    }
    const file = await this.outputs.write(record, format, version);
    await this.sendFile(res, file, safeFilename(`scancodeio_${name}_${path.basename(file)}`), formatSpec(format).contentType);
  }

  @Get(':uuid/outputs')
  @ApiRoute({
    summary: "List the files of the project's output/ folder, or fetch one with ?filename=",
    query: [{ name: 'filename', description: 'A file name from the list.' }],
    errors: [{ status: 400, description: 'Output file NAME not found' }],
  })
  async outputsList(@Req() req: Request, @Param('uuid') uuid: string, @Res() res: Response): Promise<void> {
    const record = await this.projects.get(projectUuid(uuid));
    const filename = firstString(req.query.filename);
    if (filename !== undefined) {
      const file = this.outputs.outputPath(record, filename);
      res.type(path.extname(file) || 'application/octet-stream');
      await this.streamOrAbort(res, () => pipeline(fs.createReadStream(file), res));
      return;
    }
    const url = `${baseUrl(req)}/api/projects/${record.project.uuid}/outputs/`;
    res.json(this.outputs.outputs(record).map((name) => ({ filename: name, download_url: `${url}?filename=${encodeURIComponent(name)}` })));
  }

  private async sendFile(res: Response, file: string, downloadName: string, contentType: string): Promise<void> {
    res.attachment(downloadName);
    res.type(contentType);
    res.setHeader('Content-Length', String(fs.statSync(file).size));
    await this.streamOrAbort(res, () => pipeline(fs.createReadStream(file), res));
  }

  /** Errors before the first byte reach the error filter; after it, the response is cut. */
  private async streamOrAbort(res: Response, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      if (!res.writableEnded) {
        res.end();
      }
    } catch (error) {
      if (!res.headersSent) {
        res.removeHeader('Content-Disposition');
        throw error;
      }
      if (res.destroyed) {
        this.logger.warn(`${res.req.originalUrl}: the client went away before the export ended`);
      } else {
        this.logger.error(`${res.req.originalUrl}: export failed after the response started: ${error instanceof Error ? error.stack : String(error)}`);
      }
      res.destroy(error instanceof Error ? error : undefined);
    }
  }
}
