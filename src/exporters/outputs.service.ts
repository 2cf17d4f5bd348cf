import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import * as yazl from 'yazl';
import { ActionError } from '../common/errors';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.provider';
import { GLOBAL_POLICIES } from '../policies/policies.provider';
import { resolveProjectPolicies, type GlobalPolicies } from '../policies/project-policies';
import type { ProjectFilters, ProjectRecord } from '../projects/projects.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { listFolder } from '../projects/workspace';
import { ExportRowsRepository } from '../results/export-rows.repository';
import { ResultsRepository } from '../results/results.repository';
import { ALL_FORMATS, formatSpec, outputFileName, safeFilename, type OutputFormat } from './index';
import type { ExportSource } from './source';
import { writeXlsxReport, type ReportModel } from './xlsx';

/**
 * Writes a project's results in every format into its `output/` folder (as ScanCode.io
 * does on each download), lists and serves those files, and builds the cross-project report.
 */
@Injectable()
export class OutputsService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(GLOBAL_POLICIES) private readonly globalPolicies: GlobalPolicies,
    private readonly projects: ProjectsRepository,
    private readonly rows: ExportRowsRepository,
    private readonly results: ResultsRepository,
  ) {}

  /** The export source of a project: its tables read in batches. */
  source(record: ProjectRecord): ExportSource {
    const uuid = record.project.uuid;
    return {
      record,
      version: this.config.version,
      policiesEnabled: policiesEnabled(record, this.globalPolicies),
      messages: () => this.results.allMessages(uuid),
      packageBatches: (omit) => this.rows.packageBatches(uuid, omit),
      dependencyBatches: () => this.rows.dependencyBatches(uuid),
      resourceBatches: (omit) => this.rows.resourceBatches(uuid, omit),
      relationBatches: () => this.rows.relationBatches(uuid),
      todoBatches: (omit) => this.rows.todoBatches(uuid, omit),
      dependencyEdges: () => this.rows.dependencyEdges(uuid),
      licenseBatches: (omit) => this.rows.licenseBatches(uuid, omit),
    };
  }

  /** Stream one format to `out` without writing a file. */
  async stream(record: ProjectRecord, format: OutputFormat, version: string, out: Writable): Promise<void> {
    await formatSpec(format).write(out, this.source(record), version, { workspace: this.config.workspace });
  }

  /** Write one format as `output/results-<timestamp>.<ext>`; returns the file's path. */
  async write(record: ProjectRecord, format: OutputFormat, version: string): Promise<string> {
    const spec = formatSpec(format);
    const target = path.join(outputDir(record), outputFileName('results', spec.extension));
    await writeAtomically(target, (out) => spec.write(out, this.source(record), version, { workspace: this.config.workspace }));
    return target;
  }

  /** Generate ScanCode.io's set of formats now and zip them (in `tmp/`); returns the zip's path. */
  async allFormats(record: ProjectRecord): Promise<string> {
    const files: string[] = [];
    for (const format of ALL_FORMATS) {
      files.push(await this.write(record, format, formatSpec(format).versions?.[0] ?? ''));
    }
    const name = safeFilename(record.project.name);
    const zipPath = path.join(tmpDir(record), safeFilename(`${record.project.name}_outputs.zip`));
    await writeZip(zipPath, files.map((file) => ({ file, name: safeFilename(`${name}_${path.basename(file)}`) })));
    return zipPath;
  }

  /** Zip every file already in `output/` (in `tmp/`); returns the zip's path. */
  async allOutputs(record: ProjectRecord): Promise<string> {
    const files = this.outputs(record).map((name) => ({ file: path.join(outputDir(record), name), name }));
    const zipPath = path.join(tmpDir(record), safeFilename(`${record.project.name}_outputs.zip`));
    await writeZip(zipPath, files);
    return zipPath;
  }

  /** First-level files of `output/`, sorted. */
  outputs(record: ProjectRecord): string[] {
    const dir = outputDir(record);
    return listFolder(dir).filter((name) => !name.startsWith('.') && fs.statSync(path.join(dir, name), { throwIfNoEntry: false })?.isFile());
  }

  /** The path of an output file by name; names with a path in them are refused, never resolved. */
  outputPath(record: ProjectRecord, filename: string): string {
    if (!filename || filename !== path.basename(filename) || filename === '.' || filename === '..' || filename.includes('\\') || !this.outputs(record).includes(filename)) {
      throw new ActionError(`Output file ${filename} not found`);
    }
    return path.join(outputDir(record), filename);
  }

  /** The cross-project XLSX report of `model` over the projects matching `filters`. */
  async report(filters: ProjectFilters, model: ReportModel, out: Writable): Promise<void> {
    const count = await this.projects.count(filters);
    const records = count > 0 ? await this.projects.page(filters, { offset: 0, limit: count }) : [];
    await writeXlsxReport(out, model, records.map((record) => this.source(record)));
  }
}

function outputDir(record: ProjectRecord): string {
  const dir = path.join(record.project.work_directory, 'output');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function tmpDir(record: ProjectRecord): string {
  const dir = path.join(record.project.work_directory, 'tmp', `outputs-${randomUUID()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Write through a hidden temporary file renamed into place, so readers never see half a file. */
async function writeAtomically(target: string, write: (out: Writable) => Promise<void>): Promise<void> {
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
  const out = fs.createWriteStream(partial);
  try {
    await write(out);
    out.end();
    await finished(out);
    await fs.promises.rename(partial, target);
  } catch (error) {
    out.destroy();
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
}

async function writeZip(zipPath: string, entries: { file: string; name: string }[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    zip.addFile(entry.file, entry.name);
  }
  zip.end();
  const out = fs.createWriteStream(zipPath);
  zip.outputStream.pipe(out);
  await finished(out);
}

/**
 * Whether license policies apply to the project, as ScanCode.io's `policies_enabled`: then
 * the `compliance_alert` columns are exported. Unreadable policies count as none.
 */
export function policiesEnabled(record: ProjectRecord, global: GlobalPolicies): boolean {
  try {
    return (resolveProjectPolicies(record.project, global).policies?.license_policies?.length ?? 0) > 0;
  } catch {
    return false;
  }
}
