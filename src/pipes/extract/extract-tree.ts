import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { detectArchive } from './detect';
import { extractWithBudget, resolveLimits } from './extract-archive';
import { Budget } from './guard';
import type { ExtractLimits, ExtractProblem } from './types';

/** ScanCode's naming: archive X is extracted beside itself into "X-extract". */
export const EXTRACT_SUFFIX = '-extract';

export interface ExtractTreeOptions {
  /** Extract archives found inside extracted archives too (ScanCode.io's extract_archives does). */
  recurse?: boolean;
  limits?: Partial<ExtractLimits>;
}

export interface ExtractTreeResult {
  /** Archives that were extracted, as paths relative to rootDir (each has "<path>-extract/" beside it). */
  archives: string[];
  problems: ExtractProblem[];
}

/**
 * Extracts every archive under rootDir beside itself into "<name>-extract/", nested ones too when recurse
 * is on, and returns the archives extracted and the problems met. One budget covers the whole tree.
 * Archives whose "-extract" folder already exists are left alone, so a second run does nothing.
 */
export async function extractTree(rootDir: string, options: ExtractTreeOptions = {}): Promise<ExtractTreeResult> {
  const limits = resolveLimits(options.limits);
  const budget = new Budget(limits);
  const archives: string[] = [];
  const problems: ExtractProblem[] = [];
  const queue: Array<{ dir: string; depth: number }> = [{ dir: rootDir, depth: 0 }];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    for (const archive of await findArchives(item.dir)) {
      const target = archive + EXTRACT_SUFFIX;
      if (await lstat(target).then(() => true, () => false)) {
        continue;
      }
      const rel = relative(rootDir, archive);
      if (item.depth >= limits.maxDepth) {
        problems.push({
          archive: rel,
          kind: 'depth-limit',
          severity: 'error',
          message: `archive nested deeper than ${limits.maxDepth} levels is not extracted`,
        });
        continue;
      }
      const result = await extractWithBudget(archive, target, budget);
      archives.push(rel);
      problems.push(...result.problems.map((p) => ({ ...p, archive: rel })));
      if (options.recurse !== false) {
        queue.push({ dir: target, depth: item.depth + 1 });
      }
    }
  }
  return { archives, problems };
}

/** Returns archive files under dir (walking sub-folders), in a stable order. */
async function findArchives(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(entries.map((e) => e.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // Folders made by an earlier extraction are walked by their own queue item.
      const source = entry.name.endsWith(EXTRACT_SUFFIX) ? entry.name.slice(0, -EXTRACT_SUFFIX.length) : undefined;
      if (source === undefined || !names.has(source)) {
        found.push(...(await findArchives(path)));
      }
    } else if (entry.isFile() && (await detectArchive(path)) !== undefined) {
      found.push(path);
    }
  }
  return found;
}
