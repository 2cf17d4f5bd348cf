import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { MagicEngine } from './magic';
import { FileInfoPool } from './pool';
import { directoryRecord, symlinkRecord } from './records';
import type { ResourceInfo } from './types';

export interface WalkOptions {
  /** Worker threads hashing and typing files; default one per core. */
  threads?: number;
  /** Records per yielded batch; ScanCode.io inserts resources 5,000 at a time. */
  batchSize?: number;
  /**
   * Run libmagic for file_type and mime_type (default true). libmagic spends 1 to 10 ms on each text
   * file, far more than hashing, so callers that only need checksums can turn it off.
   */
  fileTypes?: boolean;
  /** Compute sha512 too (default false: ScanCode.io leaves it empty for files). */
  sha512?: boolean;
  /** libmagic engine: `file` command when installed ('auto', the default), or in-process WASM. */
  magicEngine?: MagicEngine;
}

/** Files per message to a worker: large enough to amortise messaging, small enough to balance threads. */
const FILES_PER_TASK = 64;

interface Found {
  rel: string;
  location: string;
  name: string;
  type: 'file' | 'directory' | 'symlink';
}

/**
 * Walks rootDir and yields ResourceInfo records in batches, files first and directories (with their total
 * size) last. Links are recorded, never followed. Memory stays flat in the number of files: only a bounded
 * number of batches is in flight, and the walk keeps one path and one size per directory.
 */
export async function* walkCodebase(rootDir: string, options: WalkOptions = {}): AsyncGenerator<ResourceInfo[]> {
  const threads = options.threads ?? availableParallelism();
  const batchSize = options.batchSize ?? 5000;
  // About a batch of files stays queued in the workers while the caller stores a yielded batch,
  // so hashing and libmagic go on during the inserts instead of waiting for the next pull.
  const maxInFlight = threads * 4 + Math.ceil(batchSize / FILES_PER_TASK);
  const pool = FileInfoPool.create(threads, { magicEngine: options.magicEngine ?? 'auto' });
  const rootDepth = await realRootDepthOnDisk(rootDir);
  const dirSizes = new Map<string, number>();
  const inFlight: Array<Promise<ResourceInfo[]>> = [];
  const out: ResourceInfo[] = [];
  let task: Found[] = [];

  const submit = (files: Found[]): void => {
    inFlight.push(
      pool.run({
        files: files.map(({ location, rel, name }) => ({ location, path: rel, name })),
        rootDepth,
        fileTypes: options.fileTypes ?? true,
        sha512: options.sha512 ?? false,
      }),
    );
  };
  const collect = async (): Promise<void> => {
    const records = (await inFlight.shift()) ?? [];
    for (const record of records) {
      addToParents(dirSizes, record.parent_path, record.size ?? 0);
    }
    out.push(...records);
  };

  try {
    for await (const found of walkTree(rootDir)) {
      if (found.type === 'directory') {
        dirSizes.set(found.rel, 0);
      } else if (found.type === 'symlink') {
        out.push(symlinkRecord(found.rel, rootDepth));
      } else {
        task.push(found);
        if (task.length >= FILES_PER_TASK) {
          submit(task);
          task = [];
        }
      }
      while (inFlight.length >= maxInFlight) {
        await collect();
      }
      while (out.length >= batchSize) {
        yield out.splice(0, batchSize);
      }
    }
    if (task.length > 0) {
      submit(task);
    }
    while (inFlight.length > 0) {
      await collect();
      while (out.length >= batchSize) {
        yield out.splice(0, batchSize);
      }
    }
    for (const [rel, size] of dirSizes) {
      out.push(directoryRecord(rel, size, rootDepth));
      while (out.length >= batchSize) {
        yield out.splice(0, batchSize);
      }
    }
    if (out.length > 0) {
      yield out;
    }
  } finally {
    await pool.close();
  }
}

/** Yields every file, folder and link under root (not root itself), one folder's sorted entries at a time. */
async function* walkTree(root: string): AsyncGenerator<Found> {
  const stack: string[] = [''];
  for (let rel = stack.pop(); rel !== undefined; rel = stack.pop()) {
    const entries = await readdir(join(root, rel), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const location = join(root, childRel);
      if (entry.isSymbolicLink()) {
        yield { rel: childRel, location, name: entry.name, type: 'symlink' };
      } else if (entry.isDirectory()) {
        stack.push(childRel);
        yield { rel: childRel, location, name: entry.name, type: 'directory' };
      } else if (entry.isFile()) {
        yield { rel: childRel, location, name: entry.name, type: 'file' };
      }
    }
  }
}

function addToParents(sizes: Map<string, number>, parent: string, size: number): void {
  for (let dir = parent; dir !== ''; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') {
    sizes.set(dir, (sizes.get(dir) ?? 0) + size);
  }
}

/** Same rule as realRootDepth, read from disk before the walk so records can be classified as they stream. */
async function realRootDepthOnDisk(root: string): Promise<number> {
  let depth = 0;
  let current = root;
  for (;;) {
    const entries = await readdir(current, { withFileTypes: true });
    const only = entries[0];
    if (entries.length !== 1 || only === undefined || !only.isDirectory() || only.isSymbolicLink()) {
      return depth;
    }
    current = join(current, only.name);
    depth++;
  }
}
