import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import Piscina from 'piscina';
import { ensureLicenseIndexCache } from './license-index';
import type { FileScan, ScanFileOptions } from './scan-file';
import type { ScanTask } from './scan-worker';

/** Options of a scanning pool. */
export interface ScanPoolOptions extends ScanFileOptions {
  /** Worker threads; defaults to the number of cores. */
  threads?: number;
  /** Per-file time limit in seconds (ScanCode.io's default is 120). */
  timeoutSeconds?: number;
  /** Worker entry file; defaults to the compiled scan-worker next to this module. */
  workerFile?: string;
}

/** The outcome of one file: its scan, or the project message to record. */
export type PoolResult = { path: string; scan: FileScan } | { path: string; error: string };

/** A pool of worker threads that scan files in parallel with a time limit per file. */
export interface ScanPool {
  scan(path: string, fromFile?: string | null): Promise<PoolResult>;
  close(): Promise<void>;
}

/**
 * Returns a worker-thread pool. The index cache is built once here, before the workers start,
 * so that each worker only reads it.
 */
export function createScanPool(options: ScanPoolOptions = {}): ScanPool {
  if (options.indexCacheDir) {
    ensureLicenseIndexCache(options.indexCacheDir);
  }
  const threads = options.threads ?? availableParallelism();
  const timeoutMs = (options.timeoutSeconds ?? 120) * 1000;
  const { threads: _t, timeoutSeconds: _s, workerFile, ...scanOptions } = options;
  const pool = new Piscina({
    filename: workerFile ?? join(__dirname, `scan-worker${extname(__filename)}`),
    minThreads: threads,
    maxThreads: threads,
  });
  // Errors outside a task (a replacement worker failing to start while the pool shuts down)
  // would otherwise crash the host process; errors of a task reject that task's run() below.
  let poolError: string | undefined;
  pool.on('error', (error: unknown) => {
    poolError = error instanceof Error ? error.message : String(error);
  });
  return {
    async scan(path, fromFile) {
      const task: ScanTask = { path, options: { ...scanOptions, fromFile: fromFile ?? scanOptions.fromFile ?? null } };
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        const scan = (await pool.run(task, { signal: abort.signal })) as FileScan;
        return { path, scan };
      } catch (error) {
        const message = abort.signal.aborted
          ? `ERROR: for scanner: licenses, copyrights: Processing interrupted: timeout after ${timeoutMs / 1000} seconds.`
          : `ERROR: for scanner: licenses, copyrights: ${error instanceof Error ? error.message : String(error)}${poolError ? ` (${poolError})` : ''}`;
        return { path, error: message };
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => pool.destroy(),
  };
}
