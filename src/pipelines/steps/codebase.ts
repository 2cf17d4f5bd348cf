import { extractTree } from '../../pipes/extract';
import { flagIgnoredPatterns, walkCodebase } from '../../pipes/fileinfo';
import type { StepContext } from '../context';
import type { PipelineStep } from '../pipeline';

type Step = PipelineStep<StepContext>;

/** Extract every archive under codebase/ beside itself (`<name>-extract/`), recursively. */
async function extractArchives(ctx: StepContext): Promise<void> {
  const { archives, problems } = await extractTree(ctx.paths.codebase, { recurse: true });
  for (const problem of problems) {
    await ctx.addMessage({
      model: 'extract_archives',
      severity: problem.severity,
      description: `${problem.archive}: ${problem.message}`,
      details: { resource_path: problem.archive, ...(problem.entry ? { entry: problem.entry } : {}), kind: problem.kind },
    });
  }
  await ctx.log(`Extracted ${archives.length} archive(s)${problems.length ? `; ${problems.length} problem(s) recorded as messages` : ''}`);
}

/** Walk codebase/ and store every file, directory and symlink with its file information. */
async function collectAndCreateCodebaseResources(ctx: StepContext): Promise<void> {
  let created = 0;
  for await (const batch of walkCodebase(ctx.paths.codebase, { sha512: true })) {
    if (ctx.signal.aborted) {
      return;
    }
    await ctx.resources.insertBatch(batch);
    created += batch.length;
    // The total is unknown until the walk ends: report a running count, not a percentage.
    await ctx.log(`${created} resources collected so far`);
  }
  await ctx.log(`${created} codebase resources created`);
}

async function flagEmptyFiles(ctx: StepContext): Promise<void> {
  await ctx.log(`${await ctx.resources.flagEmptyFiles()} empty file(s) flagged`);
}

/** The project's `ignored_patterns` (a list, or one pattern per line) and ScanCode.io's defaults. */
async function flagIgnoredResources(ctx: StepContext): Promise<void> {
  const setting = ctx.settings.ignored_patterns;
  const patterns = (Array.isArray(setting) ? setting.map(String) : typeof setting === 'string' ? setting.split('\n') : [])
    .map((p) => p.trim())
    .filter(Boolean);
  let flagged = 0;
  for await (const batch of ctx.resources.batches()) {
    flagged += await ctx.resources.setStatuses(flagIgnoredPatterns(batch, patterns));
  }
  await ctx.log(`${flagged} resource(s) flagged as ignored-pattern`);
}

export const extractArchivesStep: Step = {
  name: 'extract_archives',
  summary: 'Extract archives located in the codebase/ directory, recursively.',
  run: extractArchives,
};
export const collectResourcesStep: Step = {
  name: 'collect_and_create_codebase_resources',
  summary: 'Collect and create codebase resources.',
  run: collectAndCreateCodebaseResources,
};
export const flagEmptyFilesStep: Step = { name: 'flag_empty_files', summary: 'Flag empty files.', run: flagEmptyFiles };
export const flagIgnoredResourcesStep: Step = {
  name: 'flag_ignored_resources',
  summary: 'Flag ignored resources based on project settings.',
  run: flagIgnoredResources,
};
