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

class ScanTimeoutError extends Error {}

/** The outcome of one file: its scan, or the project message to record. */
export type PoolResult = { path: string; scan: FileScan } | { path: string; error: string };

/** A pool of worker threads that scan files in parallel with a time limit per file. */
export interface ScanPool {
  /** Returns the scan of one file, or the message to record when it failed or ran out of time. */
  scan(path: string, fromFile?: string | null): Promise<PoolResult>;
  /**
   * Returns the scans of several files sent as one task (much cheaper per file on trees of
   * small files). A batch that runs out of time is retried file by file, so the time limit
   * still names the file that caused it.
   */
  scanBatch(files: Array<{ path: string; fromFile?: string | null }>): Promise<PoolResult[]>;
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
  const errorMessage = (error: unknown, timedOut: boolean, seconds: number): string =>
    timedOut
      ? `ERROR: for scanner: licenses, copyrights: Processing interrupted: timeout after ${seconds} seconds.`
      : `ERROR: for scanner: licenses, copyrights: ${error instanceof Error ? error.message : String(error)}${poolError ? ` (${poolError})` : ''}`;

  async function runTask(files: Array<{ path: string; fromFile: string | null }>, limitMs: number): Promise<FileScan[]> {
    const task: ScanTask = { files, options: scanOptions };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), limitMs);
    try {
      return (await pool.run(task, { signal: abort.signal })) as FileScan[];
    } catch (error) {
      throw abort.signal.aborted ? new ScanTimeoutError() : error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function scan(path: string, fromFile?: string | null): Promise<PoolResult> {
    try {
      const [result] = await runTask([{ path, fromFile: fromFile ?? scanOptions.fromFile ?? null }], timeoutMs);
      return result ? { path, scan: result } : { path, error: errorMessage(new Error('no result'), false, 0) };
    } catch (error) {
      return { path, error: errorMessage(error, error instanceof ScanTimeoutError, timeoutMs / 1000) };
    }
  }

  return {
    scan,
    async scanBatch(files) {
      const items = files.map((f) => ({ path: f.path, fromFile: f.fromFile ?? scanOptions.fromFile ?? null }));
      try {
        const scans = await runTask(items, timeoutMs);
        return items.map((item, i) => {
          const result = scans[i];
          return result ? { path: item.path, scan: result } : { path: item.path, error: errorMessage(new Error('no result'), false, 0) };
        });
      } catch {
        return Promise.all(items.map((item) => scan(item.path, item.fromFile)));
      }
    },
    close: () => pool.destroy(),
  };
}
