import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** What applying one layer did, for the layer tags of the files and the run log. */
export interface LayerChanges {
  /** Paths (relative to the root) the layer wrote: files, links and folders it holds. */
  written: string[];
  /** Paths the layer's whiteouts removed from the layers below. */
  removed: string[];
}

/**
 * Applies an extracted layer onto the root filesystem made of the layers below it, as a container
 * runtime does: `.wh.<name>` deletes `<name>`, `.wh..wh..opq` empties its folder of what the lower
 * layers put there, and every other entry replaces what was at its path. Entries are moved, not
 * copied. A folder replaces a lower symlink of the same name (never written through), so nothing
 * lands outside the root whatever the layers hold.
 */
export function applyLayer(layerDir: string, rootDir: string): LayerChanges {
  const changes: LayerChanges = { written: [], removed: [] };
  mergeDir(layerDir, rootDir, '', changes);
  return changes;
}

function mergeDir(from: string, to: string, rel: string, changes: LayerChanges): void {
  const entries = readdirSync(from).sort();
  if (entries.includes(OPAQUE)) {
    for (const name of readdirSync(to)) {
      rmSync(join(to, name), { recursive: true, force: true });
      changes.removed.push(join2(rel, name));
    }
  }
  for (const name of entries) {
    if (name.startsWith(WHITEOUT) && name !== OPAQUE) {
      const target = name.slice(WHITEOUT.length);
      if (target && target !== '.' && target !== '..' && lstatOrNull(join(to, target))) {
        rmSync(join(to, target), { recursive: true, force: true });
        changes.removed.push(join2(rel, target));
      }
    }
  }
  for (const name of entries) {
    if (name.startsWith(WHITEOUT)) {
      continue;
    }
    const source = join(from, name);
    const target = join(to, name);
    const path = join2(rel, name);
    const incoming = lstatSync(source);
    const existing = lstatOrNull(target);
    if (incoming.isDirectory()) {
      if (existing && !existing.isDirectory()) {
        rmSync(target, { recursive: true, force: true });
      }
      if (!existing || !existing.isDirectory()) {
        mkdirSync(target, { mode: 0o755 });
      }
      changes.written.push(path);
      mergeDir(source, target, path, changes);
    } else {
      if (existing) {
        rmSync(target, { recursive: true, force: true });
      }
      renameSync(source, target);
      changes.written.push(path);
    }
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function join2(rel: string, name: string): string {
  return rel ? `${rel}/${name}` : name;
}
