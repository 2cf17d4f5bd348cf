import type { Readable } from 'node:stream';
import { Unpack, type ReadEntry } from 'tar';
import type { EntryGuard, EntryHeader } from './guard';
import type { ProblemKind } from './types';

/**
 * Extracts a (decompressed) tar stream under target with node-tar, every entry first passing the guard.
 * node-tar's own refusals (writing through a link, '..') stay on as a second line of defence.
 */
export async function extractTarStream(source: Readable, target: string, guard: EntryGuard): Promise<void> {
  let finished = false;
  const unpack = new Unpack({
    cwd: target,
    strict: false,
    preserveOwner: false,
    noMtime: true,
    processUmask: 0o022,
    filter: (_path, entry) => admitEntry(entry as ReadEntry, guard, stopReading),
    onwarn: (code, message, data) => {
      if (!finished && !guard.stopped && code !== 'TAR_ENTRY_INFO') {
        guard.report(warningKind(code, message), message, entryName(data));
      }
    },
  });
  function stopReading(): void {
    if (!finished) {
      finished = true;
      setImmediate(() => {
        source.unpipe(unpack);
        source.destroy();
        unpack.end();
      });
    }
  }
  await new Promise<void>((resolve) => {
    unpack.on('close', () => resolve());
    unpack.on('error', (error: Error) => {
      // A stopped or damaged stream ends mid-entry; the cause is already reported.
      if (!finished && !guard.stopped) {
        guard.report('corrupt', error.message);
      }
    });
    source.on('error', (error: Error) => {
      if (!finished && !guard.stopped) {
        guard.report('corrupt', `archive data is damaged: ${error.message}`);
      }
      finished = true;
      source.unpipe(unpack);
      unpack.end();
    });
    source.pipe(unpack);
  });
}

function admitEntry(entry: ReadEntry, guard: EntryGuard, stopReading: () => void): boolean {
  const header = toHeader(entry);
  const rel = guard.admit(header);
  if (rel === undefined) {
    if (guard.stopped) {
      stopReading();
    }
    return false;
  }
  entry.path = rel;
  if (header.type === 'hardlink') {
    entry.linkpath = guard.hardLinkTarget(header.linkTarget ?? '');
  }
  if (header.type === 'file') {
    // Readable by the scanners whatever the archive said, and never setuid.
    entry.mode = ((entry.mode ?? 0o644) | 0o600) & 0o777;
  }
  return true;
}

const ENTRY_TYPES: Partial<Record<ReadEntry['type'], EntryHeader['type']>> = {
  File: 'file',
  OldFile: 'file',
  ContiguousFile: 'file',
  Directory: 'directory',
  GNUDumpDir: 'directory',
  SymbolicLink: 'symlink',
  Link: 'hardlink',
};

function toHeader(entry: ReadEntry): EntryHeader {
  const type = ENTRY_TYPES[entry.type] ?? 'special';
  return {
    name: entry.path,
    type,
    size: type === 'file' ? (entry.size ?? 0) : 0,
    ...(type === 'symlink' || type === 'hardlink' ? { linkTarget: entry.linkpath ?? '' } : {}),
  };
}

function warningKind(code: string, message: string): ProblemKind {
  if (code === 'TAR_SYMLINK_ERROR' || /symlink/i.test(message)) {
    return 'through-symlink';
  }
  if (/'\.\.'|escape/.test(message)) {
    return 'path-traversal';
  }
  if (code === 'TAR_ENTRY_UNSUPPORTED') {
    return 'special-file';
  }
  return 'corrupt';
}

function entryName(data: { [key: string]: unknown }): string | undefined {
  const entry = data.entry as { path?: unknown } | undefined;
  const path = entry?.path ?? data.path;
  return typeof path === 'string' ? path : undefined;
}
