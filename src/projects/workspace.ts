import * as fs from 'node:fs';
import * as path from 'node:path';

/** The four folders of a project's work directory, as ScanCode.io lays them out. */
export const WORK_SUBDIRS = ['input', 'codebase', 'output', 'tmp'] as const;
export type WorkSubdir = (typeof WORK_SUBDIRS)[number];

export function projectWorkDirectory(workspace: string, slug: string): string {
  return path.join(workspace, 'projects', slug);
}

export function createWorkDirectories(workDirectory: string): void {
  for (const sub of WORK_SUBDIRS) {
    fs.mkdirSync(path.join(workDirectory, sub), { recursive: true });
  }
}

/** Sorted first-level entry names of a folder; empty when it does not exist. */
export function listFolder(folder: string): string[] {
  try {
    return fs.readdirSync(folder).sort();
  } catch {
    return [];
  }
}

export async function removeWorkDirectory(workspace: string, workDirectory: string): Promise<void> {
  // Never remove anything outside the workspace's projects folder, whatever the row says.
  const root = path.join(workspace, 'projects') + path.sep;
  const target = path.resolve(workDirectory);
  if (!target.startsWith(root)) {
    return;
  }
  await fs.promises.rm(target, { recursive: true, force: true });
}
