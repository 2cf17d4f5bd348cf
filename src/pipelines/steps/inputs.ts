import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StepContext } from '../context';
import type { PipelineStep } from '../pipeline';

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
