import * as path from 'node:path';
import { createScanPool } from '../../pipes/licenses';
import type { StepContext } from '../context';
import type { PipelineStep } from '../pipeline';

const FILES_PER_TASK = 64;

/**
 * Detect licenses, copyrights, holders, authors, emails and urls in every file still to
 * scan, in worker threads with a per-file time limit; a file that fails or runs out of
 * time becomes `scanned-with-error` and a project message naming it.
 */
async function scanForFiles(ctx: StepContext): Promise<void> {
  const total = await ctx.resources.countUnscannedFiles();
  if (total === 0) {
    await ctx.log('No files to scan');
    return;
  }
  const pool = createScanPool({ indexCacheDir: path.join(ctx.paths.cache, 'license-index') });
  let done = 0;
  let errors = 0;
  try {
    for await (const batch of ctx.resources.unscannedFiles(FILES_PER_TASK * 4)) {
      if (ctx.signal.aborted) {
        return;
      }
      const chunks = [];
      for (let i = 0; i < batch.length; i += FILES_PER_TASK) {
        chunks.push(batch.slice(i, i + FILES_PER_TASK));
      }
      const results = (
        await Promise.all(chunks.map((chunk) => pool.scanBatch(chunk.map((r) => ({ path: path.join(ctx.paths.codebase, r.path) })))))
      ).flat();
      const relative = results.map((result) => ({ ...result, path: path.relative(ctx.paths.codebase, result.path) }));
      await ctx.resources.saveScans(relative);
      for (const failed of relative.filter((r) => 'error' in r)) {
        errors++;
        await ctx.addMessage({ model: 'scan_for_files', severity: 'error', description: failed.error, details: { resource_path: failed.path } });
      }
      done += batch.length;
      await ctx.progress(done, total);
    }
  } finally {
    await pool.close();
  }
  await ctx.log(`${done} file(s) scanned${errors ? `, ${errors} with errors` : ''}`);
}

export const scanForFilesStep: PipelineStep<StepContext> = {
  name: 'scan_for_files',
  summary: 'Scan unknown resources for copyrights, licenses, emails, and urls.',
  run: scanForFiles,
};
