import { constants } from 'node:fs';
import { link, lstat, mkdir, open, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntryGuard, EntryHeader } from './guard';

/** Content of a file entry: a stream for large data, a buffer for small or already-read data. */
export type EntryContent = Readable | Buffer | AsyncIterable<Buffer>;

const FILE_MODE = 0o644;

/**
 * Writes admitted entries under one target folder for the formats we parse ourselves (zip, ar, cpio).
 * Files are opened with O_NOFOLLOW so a link planted by an earlier entry is never written through.
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
          await this.ensureDir(target);
          return true;
        case 'symlink':
          await this.prepare(target);
          await symlink(header.linkTarget ?? '', target);
          return true;
        case 'hardlink':
          await this.prepare(target);
          await link(join(this.root, this.guard.hardLinkTarget(header.linkTarget ?? '') ?? ''), target);
          return true;
        case 'file':
          await this.prepare(target);
          await writeFileContent(target, content);
          return true;
        case 'special':
          return false;
      }
    } catch (error) {
      await drain(content);
      const code = (error as NodeJS.ErrnoException).code;
      const kind = code === 'ELOOP' ? 'through-symlink' : 'corrupt';
      this.guard.report(kind, `cannot write entry: ${(error as Error).message}`, header.name);
      return false;
    }
  }

  private async prepare(target: string): Promise<void> {
    await this.ensureDir(dirname(target));
    const existing = await lstat(target).catch(() => undefined);
    if (existing && !existing.isDirectory()) {
      await rm(target, { force: true });
    }
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.dirs.has(dir)) {
      return;
    }
    await mkdir(dir, { recursive: true, mode: 0o755 });
    this.dirs.add(dir);
  }
}

async function writeFileContent(target: string, content: EntryContent | undefined): Promise<void> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
  const handle = await open(target, flags, FILE_MODE);
  if (content === undefined || Buffer.isBuffer(content)) {
    try {
      await handle.writeFile(content ?? Buffer.alloc(0));
    } finally {
      await handle.close();
    }
    return;
  }
  // The stream owns the handle from here and closes it on finish or error.
  await pipeline(content, handle.createWriteStream());
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
