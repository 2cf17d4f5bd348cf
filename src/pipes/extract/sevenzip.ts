import { execFile } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { EntryGuard, EntryHeader } from './guard';

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

interface ListedEntry {
  path: string;
  type: EntryHeader['type'];
  size: number;
}

/** Entries of a `7z l -slt` listing; the type comes from the Unix mode in `Attributes`. */
function parseListing(listing: string): ListedEntry[] {
  const entries: ListedEntry[] = [];
  for (const block of listing.split(/\n\s*\n/)) {
    const path = /^Path = (.*)$/m.exec(block)?.[1];
    if (path === undefined) {
      continue;
    }
    const unixType = /^Attributes = .*?\s([-dlcbps])[-rwxsStT]{9}\s*$/m.exec(block)?.[1];
    const folder = /^Folder = \+/m.test(block) || unixType === 'd';
    entries.push({ path, type: folder ? 'directory' : entryType(unixType), size: Number(/^Size = (\d+)/m.exec(block)?.[1] ?? 0) });
  }
  return entries;
}

function entryType(unixType: string | undefined): ListedEntry['type'] {
  if (unixType === 'l') {
    return 'symlink';
  }
  return unixType === undefined || unixType === '-' ? 'file' : 'special';
}

/**
 * Every entry is judged by the guard from the listing (links first, with their targets,
 * so nothing is admitted through a link); then 7-Zip extracts only the admitted files and
 * links, named in a list file, and admitted empty folders are made here.
 */
async function checkThenExtract(tool: string, listing: string, archive: string, target: string, guard: EntryGuard): Promise<void> {
  const entries = parseListing(listing);
  const links = await readLinkTargets(tool, archive, entries.filter((e) => e.type === 'symlink'));
  const ordered = [...entries.filter((e) => e.type === 'symlink'), ...entries.filter((e) => e.type !== 'symlink')];
  const selected: string[] = [];
  const folders: string[] = [];
  for (const entry of ordered) {
    if (entry.path.includes('\n')) {
      guard.report('corrupt', 'entry name contains a line break', entry.path);
      continue;
    }
    const rel = guard.admit({ name: entry.path, type: entry.type, size: entry.size, linkTarget: links.get(entry.path) });
    if (guard.stopped) {
      return;
    }
    if (rel !== undefined) {
      // A folder named to 7-Zip would bring everything under it, refused entries included.
      (entry.type === 'directory' ? folders : selected).push(entry.type === 'directory' ? rel : entry.path);
    }
  }
  for (const folder of folders) {
    await mkdir(join(target, folder), { recursive: true });
  }
  if (selected.length > 0) {
    await extractSelected(tool, archive, target, selected, guard);
  }
  await removeUnsafe(target, target, guard);
}

async function extractSelected(tool: string, archive: string, target: string, names: string[], guard: EntryGuard): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'scanloom-7z-'));
  try {
    const list = join(dir, 'names');
    await writeFile(list, names.join('\n'));
    await run(tool, ['x', '-y', '-bd', '-p-', '-spd', '-scsUTF-8', `-o${target}`, archive, `@${list}`], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    guard.report('corrupt', `7z archive is damaged: ${firstLine(error)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Symlink targets, read as the links' content (7-Zip stores a link as its target text). */
async function readLinkTargets(tool: string, archive: string, links: ListedEntry[]): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  if (links.length === 0) {
    return targets;
  }
  const dir = await mkdtemp(join(tmpdir(), 'scanloom-7z-'));
  try {
    const list = join(dir, 'links');
    await writeFile(list, links.map((l) => l.path).join('\n'));
    const { stdout } = await run(tool, ['x', '-so', '-bd', '-p-', '-spd', '-scsUTF-8', archive, `@${list}`], {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    // 7-Zip writes the selected entries in archive order, which is the listing's order.
    let offset = 0;
    for (const link of links) {
      targets.set(link.path, stdout.subarray(offset, offset + link.size).toString('utf8'));
      offset += link.size;
    }
  } catch {
    // Unreadable targets stay unknown: the guard refuses links without a target.
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return targets;
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
