import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { downloadUrl, FetchError } from '../inputs/download';
import { addCreateOptions, createProject, type CreateProjectOptions } from './create-project.command';
import { withExecution } from './execute.command';
import { sayer } from './project-inputs';

type BatchOptions = Omit<CreateProjectOptions, 'inputFile' | 'inputUrl' | 'copyCodebase' | 'globalWebhook'> & {
  inputDirectory?: string;
  inputList?: string;
  projectNameSuffix?: string;
  createGlobalWebhook?: boolean;
};

interface BatchEntry {
  name: string;
  inputFile: string[];
  inputUrl: string[];
}

export function registerBatchCreate(program: Command, config: () => Config): void {
  const command = program
    .command('batch-create')
    .description(
      'Create one project per file of --input-directory, or per row of the --input-list CSV (columns project_name, input_urls), ' +
        'each named "<name> <suffix>".',
    )
    .option('--input-directory <directory>', 'one project per file found in this directory (recursively)')
    .option('--input-list <FILENAME.csv>', 'CSV file (local path or http(s) URL) with project_name and input_urls columns; URLs are comma-separated')
    .option('--project-name-suffix <suffix>', 'appended to each project name (default: the time, YYMMDD_HHMMSS)')
    .option('--create-global-webhook', 'attach the global webhook (SCANLOOM_GLOBAL_WEBHOOK) to each project');
  addCreateOptions(command).action(async (options: BatchOptions) => {
    if (!options.inputDirectory && !options.inputList) {
      throw new CommandError('You must provide either --input-directory or --input-list as input.');
    }
    const cfg = config();
    const suffix = options.projectNameSuffix || timestamp();
    const entries = [
      ...(options.inputDirectory ? directoryEntries(options.inputDirectory, suffix) : []),
      ...(options.inputList ? await listEntries(cfg, options.inputList, suffix) : []),
    ];
    const ok = await withExecution(cfg, async (app) => {
      let created = 0;
      try {
        for (const entry of entries) {
          const createOptions = { ...options, ...entry, globalWebhook: Boolean(options.createGlobalWebhook) };
          const succeeded = await createProject(app, cfg, entry.name, createOptions);
          created++;
          if (!succeeded) {
            return false;
          }
        }
        return true;
      } finally {
        if (created > 0) {
          sayer(options.verbosity)(`${created} projects created.`);
        }
      }
    });
    process.exitCode = ok ? 0 : 1;
  });
}

/** One entry per file under `directory`, in path order. */
function directoryEntries(directory: string, suffix: string): BatchEntry[] {
  if (!fs.existsSync(directory)) {
    throw new CommandError('The directory does not exist.');
  }
  return fs
    .readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
    .map((file) => ({ name: `${path.basename(file)} ${suffix}`, inputFile: [file], inputUrl: [] }));
}

/** One entry per CSV row; the list may be a local file or an http(s) URL. */
async function listEntries(config: Config, location: string, suffix: string): Promise<BatchEntry[]> {
  const text = /^https?:\/\//i.test(location) ? await fetchList(config, location) : readList(location);
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new CommandError(`${location} is not a valid CSV file: ${(error as Error).message}`);
  }
  const headers = rows.length > 0 ? Object.keys(rows[0]!) : [];
  if (!headers.includes('project_name') || !headers.includes('input_urls')) {
    throw new CommandError('The CSV file must contain the headers: project_name, input_urls');
  }
  return rows.map((row) => ({
    name: `${row.project_name} ${suffix}`,
    inputFile: [],
    inputUrl: (row.input_urls ?? '').split(',').map((url) => url.trim()).filter(Boolean),
  }));
}

function readList(location: string): string {
  if (!fs.existsSync(location)) {
    throw new CommandError(`The ${location} file does not exist.`);
  }
  return fs.readFileSync(location, 'utf8');
}

/** Download the CSV with the same limits and private-address rule as inputs. */
async function fetchList(config: Config, url: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanloom-list-'));
  try {
    const { filename } = await downloadUrl(url, dir, dir, {
      allowPrivate: config.allowPrivateUrls,
      timeoutSeconds: config.downloadTimeoutSeconds,
      maxSize: config.maxDownloadSize,
      gitCloneTimeoutSeconds: config.gitCloneTimeoutSeconds,
    });
    return fs.readFileSync(path.join(dir, filename), 'utf8');
  } catch (error) {
    throw error instanceof FetchError ? new CommandError(error.message) : error;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `YYMMDD_HHMMSS`, local time, as ScanCode.io's default suffix. */
function timestamp(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getFullYear() % 100)}${pad(date.getMonth() + 1)}${pad(date.getDate())}_${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}
