import { lstat, readdir, readFile } from 'node:fs/promises';
import { readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { assemblePackages, type Assembly, type DatafileRecord } from './assemble';
import { findHandlers, parseDatafile, type HandlerOptions } from './index';
import type { ParseProblem } from './models';

export interface InspectResult {
  /** Every file path of the tree, relative to the root, POSIX separators. */
  resourcePaths: string[];
  datafiles: DatafileRecord[];
  assembly: Assembly;
  problems: ParseProblem[];
}

/** Returns every file path under root (relative, POSIX), not following symlinked directories. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** Returns a reader of codebase-relative paths under root that yields null for missing files or escapes. */
export function treeReader(root: string): (path: string) => Buffer | null {
  const realRoot = realpathSync(root);
  return (path: string) => {
    if (path.split('/').includes('..')) {
      return null;
    }
    try {
      // A symlink in a scanned tree must not make us read files outside it.
      const real = realpathSync(join(root, path));
      if (real !== realRoot && !real.startsWith(`${realRoot}${sep}`)) {
        return null;
      }
      return readFileSync(real);
    } catch {
      return null;
    }
  };
}

/**
 * Returns the package data of every manifest and lockfile under root and their assembly into packages and
 * dependencies (ScanCode.io inspect_packages). Files are only read, never executed.
 */
export async function inspectPackages(
  root: string,
  options: HandlerOptions & { createResolvedPackages?: boolean; maxFileSize?: number } = {},
): Promise<InspectResult> {
  // Manifests are small; installed databases (rpmdb, dpkg status) reach tens of MiB.
  const maxFileSize = options.maxFileSize ?? 256 * 2 ** 20;
  const resourcePaths = await listFiles(root);
  const readTree = treeReader(root);
  const datafiles: DatafileRecord[] = [];
  const problems: ParseProblem[] = [];
  for (const path of resourcePaths) {
    if (findHandlers(path, options).length === 0) {
      continue;
    }
    const info = await lstat(join(root, path));
    if (!info.isFile()) {
      continue;
    }
    if (info.size > maxFileSize) {
      problems.push({
        path,
        datasource_id: findHandlers(path, options)[0]?.datasourceId ?? '',
        message: `file of ${info.size} bytes exceeds the ${maxFileSize} bytes limit for datafiles`,
      });
      continue;
    }
    const result = parseDatafile(path, await readFile(join(root, path)), { ...options, readFile: readTree });
    problems.push(...result.problems);
    if (result.packages.length > 0) {
      datafiles.push({ path, packageData: result.packages });
    }
  }
  const assembly = assemblePackages(datafiles, {
    resourcePaths,
    createResolvedPackages: options.createResolvedPackages,
  });
  return { resourcePaths, datafiles, assembly, problems: [...problems, ...assembly.problems] };
}
