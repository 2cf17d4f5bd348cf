import { scanFileSync, type FileScan, type ScanFileOptions } from './scan-file';

/** One unit of work for the pool: one file, or a batch of files to spread the per-task cost. */
export interface ScanTask {
  files: Array<{ path: string; fromFile: string | null }>;
  options: ScanFileOptions;
}

/** Returns the scans of the task's files in order; the pool's worker entry point. */
export default function scanTask(task: ScanTask): FileScan[] {
  return task.files.map((file) => scanFileSync(file.path, { ...task.options, fromFile: file.fromFile }));
}
