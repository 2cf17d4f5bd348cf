import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandError } from '../common/errors';
import { findPipeline, type PipelineRegistry } from '../pipelines';
import { parsePipelineSelection } from '../pipelines/pipeline';
import type { ProjectRecord } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';

/** `--input-file PATH[:tag]` split in two; a path that exists as given keeps its colons. */
export interface InputFile {
  path: string;
  tag: string;
}

/** The inputs a command adds to a project, already validated. */
export interface ProjectInputs {
  files: InputFile[];
  urls: string[];
  copyCodebase?: string;
}

/** Repeatable options collect their values in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseInputFile(value: string): InputFile {
  const colon = value.indexOf(':');
  if (colon <= 0 || fs.existsSync(value)) {
    return { path: value, tag: '' };
  }
  return { path: value.slice(0, colon), tag: value.slice(colon + 1) };
}

/** ScanCode.io's checks, made before anything is written: every file exists, the directory too. */
export function validateInputs(files: InputFile[], copyCodebase: string | undefined): void {
  for (const file of files) {
    if (!isFile(file.path)) {
      throw new CommandError(`${file.path} not found or not a file`);
    }
  }
  if (copyCodebase !== undefined) {
    if (!fs.existsSync(copyCodebase)) {
      throw new CommandError(`${copyCodebase} not found`);
    }
    if (!fs.statSync(copyCodebase).isDirectory()) {
      throw new CommandError(`${copyCodebase} is not a directory`);
    }
  }
}

/** Each `name[:groups]` names a registered pipeline (old names included), or the command stops. */
export function validatePipelines(values: string[], registry: PipelineRegistry): string[] {
  return values.map((value) => {
    const selection = parsePipelineSelection(value);
    const pipeline = findPipeline(selection.name, registry);
    if (!pipeline) {
      throw new CommandError(`${selection.name} is not a valid pipeline. Available: ${[...registry.keys()].sort().join(', ')}`);
    }
    return pipeline.name;
  });
}

/**
 * Copy files into input/ (recorded as uploaded, each with its tag), add download URLs
 * (unless the project was created with them) and copy a directory into codebase/.
 * Returns ScanCode.io's lines saying what was done.
 */
export async function addProjectInputs(
  app: INestApplicationContext,
  record: ProjectRecord,
  inputs: ProjectInputs,
  options: { urlsAdded?: boolean } = {},
): Promise<string[]> {
  const projects = app.get(ProjectsService);
  const { uuid, work_directory: workDirectory } = record.project;
  const lines: string[] = [];
  if (inputs.urls.length > 0 && !options.urlsAdded) {
    // First: the service checks every URL before anything is written.
    await projects.addInputs(uuid, { input_urls: inputs.urls }, [], false);
  }
  if (inputs.files.length > 0) {
    const copied: string[] = [];
    for (const file of inputs.files) {
      // Staged in the project's tmp/ so the service can move it into input/ on the same disk.
      const staged = path.join(workDirectory, 'tmp', randomUUID());
      await fs.promises.copyFile(file.path, staged);
      const upload = { originalname: path.basename(file.path), path: staged, size: fs.statSync(staged).size };
      copied.push(...(await projects.addUploads(uuid, [upload], file.tag)));
    }
    lines.push(`File${copied.length === 1 ? '' : 's'} copied to the project inputs directory:`, ...copied.map((name) => `- ${name}`));
  }
  if (inputs.urls.length > 0) {
    lines.push('URL(s) added as project input sources:', ...inputs.urls.map((url) => `- ${url}`));
  }
  if (inputs.copyCodebase !== undefined) {
    const codebase = path.join(workDirectory, 'codebase');
    await fs.promises.cp(inputs.copyCodebase, codebase, { recursive: true, verbatimSymlinks: true, force: true });
    lines.push(`${inputs.copyCodebase} content copied in ${codebase}`);
  }
  return lines;
}

/** Prints when the verbosity is above 0, as ScanCode.io's commands do. */
export function sayer(verbosity: string | number): (line: string) => void {
  return Number(verbosity) > 0 ? (line) => process.stdout.write(`${line}\n`) : () => undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
