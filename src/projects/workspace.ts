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

/**
 * Remove the given folders of a work directory, then recreate every missing folder:
 * archive and reset empty `tmp/` and whatever else was asked.
 */
export async function clearWorkFolders(workspace: string, workDirectory: string, folders: readonly WorkSubdir[]): Promise<void> {
  if (isInsideWorkspace(workspace, workDirectory)) {
    await Promise.all(folders.map((sub) => fs.promises.rm(path.join(workDirectory, sub), { recursive: true, force: true })));
  }
  createWorkDirectories(workDirectory);
}

export async function removeWorkDirectory(workspace: string, workDirectory: string): Promise<void> {
  if (isInsideWorkspace(workspace, workDirectory)) {
    await fs.promises.rm(path.resolve(workDirectory), { recursive: true, force: true });
  }
}

/** Never remove anything outside the workspace's projects folder, whatever the row says. */
function isInsideWorkspace(workspace: string, workDirectory: string): boolean {
  return path.resolve(workDirectory).startsWith(path.join(workspace, 'projects') + path.sep);
}
