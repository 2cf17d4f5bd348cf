import { execFile } from 'node:child_process';
import { lstat, readdir, readlink, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { EntryGuard } from './guard';

const run = promisify(execFile);
const TOOLS = ['7z', '7zz', '7za'];

/**
 * Extracts a 7z archive with the 7-Zip command line tool (Debian: p7zip-full or 7zip), since no maintained
 * JS reader exists. Sizes are checked from the listing before anything is written; afterwards links that
 * point outside the target and special files are removed.
 */
export async function extractSevenZip(archive: string, target: string, guard: EntryGuard): Promise<void> {
  const tool = await findTool();
  if (tool === undefined) {
    guard.report('tool-missing', 'no 7-Zip command (7z, 7zz or 7za) is installed', undefined, 'warning');
    return;
  }
  let listing: string;
  try {
    listing = (await run(tool, ['l', '-slt', '-ba', '-p-', archive], { maxBuffer: 256 * 1024 * 1024 })).stdout;
  } catch (error) {
    guard.report('corrupt', `cannot list 7z archive: ${firstLine(error)}`);
    return;
  }
  await checkThenExtract(tool, listing, archive, target, guard);
}

/**
 * Salvages a damaged archive (a zip cut before its central directory) with 7-Zip, which reads local
 * headers; returns the 7-Zip error to report, or undefined when no 7-Zip command is installed.
 * The caller reports one problem for the archive; 7-Zip's own complaints are folded into it.
 */
export async function salvageWithSevenZip(archive: string, target: string, guard: EntryGuard): Promise<string | undefined> {
  const tool = await findTool();
  if (tool === undefined) {
    return undefined;
  }
  let listing = '';
  let complaint = '';
  try {
    listing = (await run(tool, ['l', '-slt', '-ba', '-p-', archive], { maxBuffer: 256 * 1024 * 1024 })).stdout;
  } catch (error) {
    listing = (error as { stdout?: string }).stdout ?? '';
    complaint = firstLine(error);
  }
  const problems = guard.problems.length;
  await checkThenExtract(tool, listing, archive, target, guard);
  // Keep limit and link problems; drop the "damaged" one 7-Zip is bound to raise on a cut archive.
  const raised = guard.problems.splice(problems);
  guard.problems.push(...raised.filter((p) => p.kind !== 'corrupt'));
  return complaint || raised.find((p) => p.kind === 'corrupt')?.message || 'damaged archive';
}

async function checkThenExtract(tool: string, listing: string, archive: string, target: string, guard: EntryGuard): Promise<void> {
  for (const block of listing.split(/\n\s*\n/)) {
    const path = /^Path = (.*)$/m.exec(block)?.[1];
    if (path === undefined) {
      continue;
    }
    const folder = /^Folder = \+/m.test(block);
    const size = Number(/^Size = (\d+)/m.exec(block)?.[1] ?? 0);
    guard.admit({ name: path, type: folder ? 'directory' : 'file', size });
  }
  if (guard.stopped) {
    return;
  }
  try {
    await run(tool, ['x', '-y', '-bd', '-p-', `-o${target}`, archive], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    guard.report('corrupt', `7z archive is damaged: ${firstLine(error)}`);
  }
  await removeUnsafe(target, target, guard);
}

async function removeUnsafe(root: string, dir: string, guard: EntryGuard): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await removeUnsafe(root, path, guard);
    } else if (entry.isSymbolicLink()) {
      const target = resolve(dir, await readlink(path));
      if (target !== root && !target.startsWith(root + sep)) {
        await rm(path, { force: true });
        guard.report('link-outside', 'symbolic link points outside the archive', relative(root, path));
      }
    } else if (!entry.isFile()) {
      await rm(path, { force: true });
      guard.report('special-file', 'device files, fifos and sockets are not extracted', relative(root, path));
    }
  }
}

async function findTool(): Promise<string | undefined> {
  for (const tool of TOOLS) {
    for (const dir of ['/usr/bin', '/usr/local/bin', '/bin']) {
      if (await lstat(join(dir, tool)).then(() => true, () => false)) {
        return join(dir, tool);
      }
    }
  }
  return undefined;
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr ?? '';
  return (stderr.trim().split('\n').pop() ?? '') || (error as Error).message;
}
