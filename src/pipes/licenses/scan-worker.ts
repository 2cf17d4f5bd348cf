import { scanFile, type FileScan, type ScanFileOptions } from './scan-file';

/** One unit of work for the pool. */
export interface ScanTask {
  path: string;
  options: ScanFileOptions;
}

/** Returns the scan of one file; the pool's worker entry point. */
export default function scanTask(task: ScanTask): Promise<FileScan> {
  return scanFile(task.path, task.options);
}
