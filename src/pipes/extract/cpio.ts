import type { EntryGuard, EntryHeader } from './guard';
import type { StreamReader } from './stream-reader';
import { EntryWriter } from './writer';

const TRAILER = 'TRAILER!!!';
const S_IFMT = 0o170000;
const MAX_NAME = 64 * 1024;
const MAX_LINK_TARGET = 64 * 1024;

interface CpioHeader {
  mode: number;
  size: number;
  nameSize: number;
  /** Alignment of name and data: 4 for the "new" ASCII formats, 1 for the old portable one. */
  align: number;
  headerSize: number;
}

/** Extracts a cpio stream (newc, crc or odc, as in RPM payloads and initramfs) under target. */
export async function extractCpio(reader: StreamReader, target: string, guard: EntryGuard): Promise<void> {
  const writer = new EntryWriter(target, guard);
  for (;;) {
    const start = reader.offset;
    const parsed = await parseHeader(await reader.read(6), reader);
    if (!parsed || [parsed.mode, parsed.size, parsed.nameSize].some((n) => !Number.isFinite(n))) {
      guard.report('corrupt', 'cpio data is damaged or truncated');
      return;
    }
    if (parsed.nameSize > MAX_NAME) {
      guard.report('corrupt', 'cpio entry name is too long');
      return;
    }
    const rawName = await reader.read(parsed.nameSize);
    const name = rawName.toString('utf8').replace(/\0.*$/s, '');
    await reader.skip(pad(reader.offset - start, parsed.align));
    if (name === TRAILER) {
      return;
    }
    const ok = await writeEntry(reader, writer, guard, name, parsed);
    if (!ok || guard.stopped) {
      return;
    }
    await reader.skip(pad(parsed.size, parsed.align));
  }
}

async function writeEntry(
  reader: StreamReader,
  writer: EntryWriter,
  guard: EntryGuard,
  name: string,
  header: CpioHeader,
): Promise<boolean> {
  const type = header.mode & S_IFMT;
  const entry: EntryHeader = { name, type: 'file', size: header.size };
  if (type === 0o040000) {
    await writer.write({ ...entry, type: 'directory', size: 0 });
    return reader.skip(header.size);
  }
  if (type === 0o120000) {
    if (header.size > MAX_LINK_TARGET) {
      guard.report('corrupt', 'symbolic link target is too long', name);
      return false;
    }
    const target = (await reader.read(header.size)).toString('utf8');
    await writer.write({ ...entry, type: 'symlink', size: 0, linkTarget: target });
    return true;
  }
  if (type !== 0o100000 && type !== 0) {
    await writer.write({ ...entry, type: 'special', size: 0 });
    return reader.skip(header.size);
  }
  const before = reader.offset;
  await writer.write(entry, reader.chunks(header.size));
  // A refused entry is drained by the writer; a short read means the payload was truncated.
  if (reader.offset - before < header.size && !(await reader.skip(header.size - (reader.offset - before)))) {
    guard.report('corrupt', 'cpio data is truncated', name);
    return false;
  }
  return true;
}

async function parseHeader(magicBytes: Buffer, reader: StreamReader): Promise<CpioHeader | undefined> {
  const magic = magicBytes.toString('latin1');
  if (magic === '070701' || magic === '070702') {
    const rest = await reader.read(104);
    if (rest.length < 104) {
      return undefined;
    }
    const hex = (index: number): number => parseInt(rest.toString('latin1', index * 8, index * 8 + 8), 16);
    // Fields after the magic: ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
    // rdevmajor, rdevminor, namesize, check.
    return { mode: hex(1), size: hex(6), nameSize: hex(11), align: 4, headerSize: 110 };
  }
  if (magic === '070707') {
    const rest = await reader.read(70);
    if (rest.length < 70) {
      return undefined;
    }
    const oct = (from: number, length: number): number => parseInt(rest.toString('latin1', from, from + length), 8);
    // dev(6) ino(6) mode(6) uid(6) gid(6) nlink(6) rdev(6) mtime(11) namesize(6) filesize(11)
    return { mode: oct(12, 6), size: oct(59, 11), nameSize: oct(53, 6), align: 1, headerSize: 76 };
  }
  return undefined;
}

function pad(length: number, align: number): number {
  return (align - (length % align)) % align;
}
