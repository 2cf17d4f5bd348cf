import * as fs from 'node:fs';
import * as path from 'node:path';
import { downloadUrl, safeUrl, type FetchedInput } from '../../inputs/download';
import { cloneGitRepository, isGitUrl } from '../../inputs/git-clone';
import type { InputRecord, StepContext } from '../context';
import type { PipelineStep } from '../pipeline';

/** Inputs missing on disk, listed one by one; fails the run as ScanCode.io's InputFilesError does. */
export class InputFilesError extends Error {
  override readonly name = 'InputFilesError';
  constructor(readonly issues: readonly string[]) {
    super(['InputFilesError encountered with the following issues:', ...issues.map((issue, i) => `Error ${i + 1}: ${issue}`)].join('\n\n'));
  }
}

/**
 * Fetch every input source not on disk: http(s) downloads and git clones into input/.
 * Each failure is logged and the others are still tried; then the run fails listing
 * them all, and the failed sources keep an empty filename (not fetched).
 */
export async function downloadMissingInputs(ctx: StepContext): Promise<void> {
  const issues: string[] = [];
  for (const input of await ctx.inputs.list()) {
    if (ctx.signal.aborted) {
      break;
    }
    if (input.filename && fs.existsSync(path.join(ctx.paths.input, input.filename))) {
      continue;
    }
    if (input.is_uploaded || !input.download_url) {
      const message = `Uploaded file ${input.filename || input.uuid} not available.`;
      await ctx.log(message);
      issues.push(message);
      continue;
    }
    const shown = safeUrl(input.download_url);
    await ctx.log(`Fetching input from ${shown}`);
    try {
      const fetched = await fetchInput(ctx, input);
      await ctx.inputs.setFetched(input.uuid, fetched.filename);
      await ctx.log(`Fetched ${fetched.filename}${isGitUrl(input.download_url) ? ' (git clone)' : ` (${fetched.size} bytes)`}`);
    } catch (error) {
      await ctx.log(`${shown} could not be fetched.`);
      issues.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (issues.length > 0) {
    throw new InputFilesError(issues);
  }
}

function fetchInput(ctx: StepContext, input: InputRecord): Promise<FetchedInput> {
  const limits = { ...ctx.fetchLimits, signal: ctx.signal };
  return isGitUrl(input.download_url)
    ? cloneGitRepository(input.download_url, ctx.paths.input, ctx.paths.tmp, limits)
    : downloadUrl(input.download_url, ctx.paths.input, ctx.paths.tmp, limits);
}

export const downloadMissingInputsStep: PipelineStep<StepContext> = {
  name: 'download_missing_inputs',
  summary: 'Download any project inputs not available on disk.',
  run: downloadMissingInputs,
};

/** Copy each first-level entry of input/ into codebase/ unchanged. */
export async function copyInputsToCodebaseDirectory(ctx: StepContext): Promise<void> {
  const entries = await fs.promises.readdir(ctx.paths.input);
  for (const [index, name] of entries.entries()) {
    await fs.promises.cp(path.join(ctx.paths.input, name), path.join(ctx.paths.codebase, name), {
      recursive: true,
      force: true,
      verbatimSymlinks: true,
    });
    await ctx.progress(index + 1, entries.length);
  }
  await ctx.log(`Copied ${entries.length} input(s) to codebase/`);
}

export const copyInputsStep: PipelineStep<StepContext> = {
  name: 'copy_inputs_to_codebase_directory',
  summary: 'Copy input files to the working codebase/ directory.',
  run: copyInputsToCodebaseDirectory,
};
