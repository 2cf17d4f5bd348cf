import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extractAr } from './ar';
import { extractCpio } from './cpio';
import { openDecompressed, type Compression } from './decompress';
import { detectArchive, isTarHeader } from './detect';
import { Budget, EntryGuard } from './guard';
import { extractRpm } from './rpm';
import { extractSevenZip } from './sevenzip';
import { extractTarStream } from './tar';
import { DEFAULT_LIMITS, type ArchiveKind, type ExtractLimits, type ExtractResult } from './types';
import { StreamReader } from './stream-reader';
import { extractZip } from './zip';

const READ_CHUNK = 1024 * 1024;

/** Returns the limits with defaults filled in for every field the caller left out. */
export function resolveLimits(limits: Partial<ExtractLimits> = {}): ExtractLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

/**
 * Extracts one archive into targetDir (not recursive) and returns what was written and every problem met.
 * Never throws for bad archive content: damaged data and refused entries come back as problems.
 */
export async function extractArchive(
  archivePath: string,
  targetDir: string,
  limits: Partial<ExtractLimits> = {},
  options: { rootfs?: boolean } = {},
): Promise<ExtractResult> {
  return extractWithBudget(archivePath, targetDir, new Budget(resolveLimits(limits)), undefined, options);
}

/** Extracts one archive charging a shared budget, so a tree of nested archives has one set of limits. */
export async function extractWithBudget(
  archivePath: string,
  targetDir: string,
  budget: Budget,
  kind?: ArchiveKind,
  options: { rootfs?: boolean } = {},
): Promise<ExtractResult> {
  const size = (await stat(archivePath)).size;
  const guard = new EntryGuard(archivePath, size, budget);
  guard.rootfs = options.rootfs ?? false;
  const bytesBefore = budget.bytes;
  const found = kind ?? (await detectArchive(archivePath));
  if (found === undefined) {
    guard.report('unsupported', 'not a supported archive format', undefined, 'warning');
    return { extracted: 0, bytes: 0, problems: guard.problems };
  }
  await mkdir(targetDir, { recursive: true });
  try {
    await extractKind(found, archivePath, targetDir, guard);
  } catch (error) {
    guard.report('corrupt', `extraction failed: ${(error as Error).message}`);
  }
  return { extracted: guard.written, bytes: budget.bytes - bytesBefore, problems: guard.problems };
}

async function extractKind(kind: ArchiveKind, archive: string, target: string, guard: EntryGuard): Promise<void> {
  switch (kind) {
    case 'zip':
      return extractZip(archive, target, guard);
    case 'tar':
      return extractTarStream(createReadStream(archive, { highWaterMark: READ_CHUNK }), target, guard);
    case 'tar.gz':
    case 'tar.bz2':
    case 'tar.xz':
    case 'tar.zst':
      return extractTarStream(openDecompressed(archive, kind.slice(4) as Compression), target, guard);
    case 'gz':
    case 'bz2':
    case 'xz':
    case 'zst':
      return extractCompressed(archive, kind, target, guard);
    case 'ar':
    case 'deb':
      return extractAr(archive, target, guard);
    case 'rpm':
      return extractRpm(archive, target, guard);
    case 'cpio':
      return extractCpio(new StreamReader(createReadStream(archive, { highWaterMark: READ_CHUNK })), target, guard);
    case '7z':
      return extractSevenZip(archive, target, guard);
  }
}

/** A lone compressed file: a tar inside is extracted as a tar, anything else becomes one file named without the suffix. */
async function extractCompressed(archive: string, compression: Compression, target: string, guard: EntryGuard): Promise<void> {
  const source = openDecompressed(archive, compression);
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  try {
    while (head.length < 512) {
      const next = await iterator.next();
      if (next.done) {
        break;
      }
      head = Buffer.concat([head, next.value]);
    }
  } catch (error) {
    guard.report('corrupt', `compressed data is damaged: ${(error as Error).message}`);
    if (head.length === 0) {
      return;
    }
  }
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        yield next.value;
      }
    })(),
  );
  if (isTarHeader(head)) {
    return extractTarStream(rest, target, guard);
  }
  const name = basename(archive).replace(/\.(gz|gzip|tgz|bz2|bz|xz|zst|zstd)$/i, '') || 'uncompressed';
  const rel = guard.admit({ name, type: 'file', size: 0 });
  if (rel === undefined) {
    return;
  }
  const output = join(target, rel);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(guard.addBytes(chunk.length, name) ? undefined : new Error('limit'), chunk);
    },
  });
  const handle = await open(output, 'w', 0o644);
  try {
    // The stream owns the handle from here and closes it on finish or error.
    await pipeline(rest, counter, handle.createWriteStream());
  } catch (error) {
    if (guard.stopped) {
      await rm(output, { force: true });
      return;
    }
    guard.report('corrupt', `compressed data is damaged: ${(error as Error).message}`, name);
  }
}
