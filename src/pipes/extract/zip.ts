import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { EntryGuard, EntryHeader } from './guard';
import { salvageWithSevenZip } from './sevenzip';
import { EntryWriter } from './writer';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const UNIX = 3;
const MAX_LINK_TARGET = 4096;

/**
 * Extracts a zip (jar, war, whl, apk, nupkg...) under target. Entry names are decoded and checked here
 * rather than by yauzl, because yauzl rejects the whole archive on the first bad name.
 */
export async function extractZip(archive: string, target: string, guard: EntryGuard): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await openZip(archive);
  } catch (error) {
    const salvaged = await salvageWithSevenZip(archive, target, guard);
    const extra = salvaged === undefined ? '' : `; extracted what 7-Zip could read (${salvaged})`;
    guard.report('corrupt', `cannot read zip: ${(error as Error).message}${extra}`);
    return;
  }
  const writer = new EntryWriter(target, guard);
  try {
    for await (const entry of entries(zip)) {
      if (guard.stopped) {
        break;
      }
      try {
        await writeEntry(zip, entry, writer, guard);
      } catch (error) {
        // One damaged member (bad CRC, short data) does not stop the others.
        guard.report('corrupt', `cannot read entry: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    guard.report('corrupt', `zip is damaged: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}

async function writeEntry(zip: ZipFile, entry: Entry, writer: EntryWriter, guard: EntryGuard): Promise<void> {
  const header = toHeader(entry);
  if (header.type === 'directory' || header.type === 'special') {
    await writer.write(header);
    return;
  }
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
    guard.report('unsupported', 'entry is encrypted', header.name, 'warning');
    return;
  }
  if (header.type === 'symlink') {
    if (entry.uncompressedSize > MAX_LINK_TARGET) {
      guard.report('corrupt', 'symbolic link target is too long', header.name);
      return;
    }
    const target = await readAll(await openStream(zip, entry));
    await writer.write({ ...header, linkTarget: target.toString('utf8') });
    return;
  }
  let stream: Readable;
  try {
    stream = await openStream(zip, entry);
  } catch (error) {
    guard.report('corrupt', `cannot read entry: ${(error as Error).message}`, header.name);
    return;
  }
  await writer.write(header, stream);
}

function toHeader(entry: Entry): EntryHeader {
  const raw = entry.fileName as unknown as Buffer;
  const name = decodeName(raw, (entry.generalPurposeBitFlag & 0x800) !== 0);
  const madeBy = entry.versionMadeBy >> 8;
  const mode = madeBy === UNIX ? (entry.externalFileAttributes >>> 16) & S_IFMT : 0;
  if (name.endsWith('/') || mode === S_IFDIR) {
    return { name, type: 'directory', size: 0 };
  }
  if (mode === S_IFLNK) {
    return { name, type: 'symlink', size: 0 };
  }
  if (mode !== 0 && mode !== S_IFREG) {
    return { name, type: 'special', size: 0 };
  }
  return { name, type: 'file', size: entry.uncompressedSize };
}

function decodeName(raw: Buffer, utf8Flag: boolean): string {
  if (utf8Flag) {
    return raw.toString('utf8');
  }
  // Without the flag the name is CP437 by the spec, but most tools write UTF-8 anyway.
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(raw);
  return utf8.includes('\uFFFD') ? raw.toString('latin1') : utf8;
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false, autoClose: false },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    );
  });
}

async function* entries(zip: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    const entry = await new Promise<Entry | undefined>((resolve, reject) => {
      const onEntry = (e: Entry): void => {
        cleanup();
        resolve(e);
      };
      const onEnd = (): void => {
        cleanup();
        resolve(undefined);
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const cleanup = (): void => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (entry === undefined) {
      return;
    }
    yield entry;
  }
}

function openStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
