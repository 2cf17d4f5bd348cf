import { closeSync, constants, linkSync, mkdirSync, openSync, rmSync, symlinkSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EntryGuard, EntryHeader } from './guard';

/** Content of a file entry: a buffer, or chunks as the archive reader produces them. */
export type EntryContent = Buffer | AsyncIterable<Buffer>;

const FILE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/**
 * Writes admitted entries under one target folder. File system calls are synchronous on purpose: archives
 * hold many small files and a thread-pool round trip per call made extraction 4 times slower than tar.
 * Files are opened with O_NOFOLLOW, so a link planted by an earlier entry is replaced, never written through.
 */
export class EntryWriter {
  private readonly dirs = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly guard: EntryGuard,
  ) {}

  /** Returns true when the entry was written; refusals and I/O errors become problems. */
  async write(header: EntryHeader, content?: EntryContent): Promise<boolean> {
    const rel = this.guard.admit(header);
    if (rel === undefined) {
      await drain(content);
      return false;
    }
    const target = join(this.root, rel);
    try {
      switch (header.type) {
        case 'directory':
          this.ensureDir(target);
          return true;
        case 'symlink':
          this.replace(target, () => symlinkSync(header.linkTarget ?? '', target));
          return true;
        case 'hardlink': {
          const source = join(this.root, this.guard.hardLinkTarget(header.linkTarget ?? '') ?? '');
          this.replace(target, () => linkSync(source, target));
          return true;
        }
        case 'file':
          await this.writeFile(target, header.mode, content);
          return true;
        case 'special':
          return false;
      }
    } catch (error) {
      if (error instanceof SourceError) {
        // Damaged archive data: the reader reports it once for the whole archive.
        throw error.cause;
      }
      await drain(content);
      this.guard.report('corrupt', `cannot write entry: ${(error as Error).message}`, header.name);
      return false;
    }
  }

  private async writeFile(target: string, mode: number | undefined, content: EntryContent | undefined): Promise<void> {
    // Readable by the scanners whatever the archive said, executable bits kept, never setuid.
    const fileMode = ((mode ?? 0o644) & 0o755) | 0o644;
    let fd = -1;
    this.replace(target, () => {
      fd = openSync(target, FILE_FLAGS, fileMode);
    });
    try {
      if (content === undefined) {
        return;
      }
      if (Buffer.isBuffer(content)) {
        writeAll(fd, content);
        return;
      }
      const iterator = content[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<Buffer>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw new SourceError(error as Error);
        }
        if (next.done) {
          break;
        }
        writeAll(fd, next.value);
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Runs create; when something already sits at target (a duplicate entry, a planted link), removes it once and retries. */
  private replace(target: string, create: () => void): void {
    this.ensureDir(dirname(target));
    try {
      create();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ELOOP') {
        throw error;
      }
      try {
        unlinkSync(target);
      } catch {
        rmSync(target, { recursive: true, force: true });
      }
      create();
    }
  }

  private ensureDir(dir: string): void {
    if (this.dirs.has(dir)) {
      return;
    }
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    this.dirs.add(dir);
  }
}

class SourceError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    offset += writeSync(fd, data, offset, data.length - offset);
  }
}

async function drain(content: EntryContent | undefined): Promise<void> {
  if (content === undefined || Buffer.isBuffer(content)) {
    return;
  }
  try {
    for await (const _chunk of content) {
      // discard
    }
  } catch {
    // the archive reader reports its own errors
  }
}
