import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { resolveFormat, splitFormatVersion, type OutputFormat } from '../exporters';
import { OutputsService } from '../exporters/outputs.service';
import { ProjectsService } from '../projects/projects.service';
import { runStatus } from '../runs/run-status';
import { RunsRepository } from '../runs/runs.repository';
import { RunsService } from '../runs/runs.service';
import { waitForChain, withExecution } from './execute.command';

/** Formats `run` can print (ScanCode.io's text formats, plus SPDX tag-value and CycloneDX XML). */
const FORMATS = ['json', 'spdx', 'spdx-tag-value', 'cyclonedx', 'cyclonedx-xml', 'attribution', 'ort-package-list'] as const;

export function registerRun(program: Command, config: () => Config): void {
  program
    .command('run')
    .description('One shot: create a project from INPUT, run the pipelines, print the results to stdout (JSON by default).')
    .argument('<pipelines>', 'pipeline names, comma-separated (name:Group1,Group2 selects optional groups)')
    .argument('<input>', 'comma-separated files (path:tag), one directory, or http(s) URLs')
    .option('--project <name>', 'name of the project to create (default: random)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (spdx:2.2, cyclonedx:1.5 choose a version)`, 'json')
    .action(async (pipelines: string, input: string, options: { project?: string; format: string }) => {
      const requested = splitFormatVersion(options.format);
      let output: { format: OutputFormat; version: string };
      try {
        output = resolveFormat(requested.format, requested.version, FORMATS) as typeof output;
      } catch {
        throw new CommandError(`Format ${options.format} is not supported by run: use ${FORMATS.join(', ')} (spdx:2.3|2.2, cyclonedx:1.6|1.5|1.4).`);
      }
      process.exitCode = (await runOneShot(config(), pipelines, input, options.project ?? randomName(), output)) ? 0 : 1;
    });
}

async function runOneShot(config: Config, pipelines: string, input: string, name: string, output: { format: OutputFormat; version: string }): Promise<boolean> {
  const parts = input.split(',').map((p) => p.trim()).filter(Boolean);
  const urls = parts.filter((p) => /^https?:\/\//.test(p));
  const locals = parts.filter((p) => !/^https?:\/\//.test(p)).map(splitTag);
  for (const local of locals) {
    if (!fs.existsSync(local.path)) {
      throw new CommandError(`${local.path} not found or not a file`);
    }
  }
  const dirs = locals.filter((l) => fs.statSync(l.path).isDirectory());
  if (dirs.length > 1) {
    throw new CommandError('Only one directory is supported as input.');
  }
  return withExecution(config, async (app) => {
    const projects = app.get(ProjectsService);
    const record = await projects.create({ name, pipeline: splitPipelines(pipelines), input_urls: urls }, []);
    const uuid = record.project.uuid;
    for (const file of locals.filter((l) => !dirs.includes(l))) {
      const staged = path.join(record.project.work_directory, 'tmp', randomUUID());
      await fs.promises.copyFile(file.path, staged);
      await projects.addUploads(uuid, [{ originalname: path.basename(file.path), path: staged, size: fs.statSync(staged).size }], file.tag);
    }
    for (const dir of dirs) {
      await fs.promises.cp(dir.path, path.join(record.project.work_directory, 'codebase'), { recursive: true, verbatimSymlinks: true });
    }
    const runs = await app.get(RunsRepository).forProject(uuid);
    await app.get(RunsService).executeFirstRun(uuid);
    const ok = await waitForChain(app.get(RunsRepository), uuid, runs[0]!.uuid, process.stderr);
    const after = await app.get(RunsRepository).forProject(uuid);
    await app.get(OutputsService).stream(await projects.get(uuid), output.format, output.version, process.stdout);
    return ok && after.every((run) => runStatus(run) === 'success');
  });
}

function splitPipelines(value: string): string[] {
  // `a:G1,G2,b` is ambiguous; groups follow a colon and end at the next name with no colon.
  const names: string[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const last = names.at(-1);
    if (last?.includes(':') && !part.includes(':') && /^[A-Z]/.test(part)) {
      names[names.length - 1] = `${last},${part}`;
    } else {
      names.push(part);
    }
  }
  return names;
}

function splitTag(value: string): { path: string; tag: string } {
  const colon = value.lastIndexOf(':');
  return colon > 0 && !fs.existsSync(value) ? { path: value.slice(0, colon), tag: value.slice(colon + 1) } : { path: value, tag: '' };
}

function randomName(): string {
  return randomBytes(8).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 10);
}
