import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { extractCpio } from './cpio';
import { decompressor, type Compression } from './decompress';
import type { EntryGuard } from './guard';
import { StreamReader } from './stream-reader';

const LEAD_SIZE = 96;
const HEADER_MAGIC = 0x8eade801;

/** Extracts an RPM's payload (the cpio archive after the lead and headers) under target, as rpm2cpio | cpio does. */
export async function extractRpm(archive: string, target: string, guard: EntryGuard): Promise<void> {
  const file = createReadStream(archive, { highWaterMark: 256 * 1024 });
  const reader = new StreamReader(file);
  try {
    const lead = await reader.read(LEAD_SIZE);
    if (lead.length < LEAD_SIZE || lead.readUInt32BE(0) !== 0xedabeedb) {
      guard.report('corrupt', 'not an RPM file');
      return;
    }
    // The signature header is padded to 8 bytes; the main header that follows is not.
    if (!(await skipHeader(reader, true)) || !(await skipHeader(reader, false))) {
      guard.report('corrupt', 'RPM headers are damaged or truncated');
      return;
    }
    const head = await reader.read(6);
    const compression = payloadCompression(head);
    const payload = rest(head, reader);
    const stream: Readable = compression === undefined ? payload : payload.pipe(decompressor(compression) as PassThrough);
    let failed = false;
    stream.on('error', (error: Error) => {
      failed = true;
      guard.report('corrupt', `RPM payload is damaged: ${error.message}`);
    });
    payload.on('error', () => stream.destroy());
    await extractCpio(new StreamReader(stream), target, guard).catch((error: Error) => {
      if (!failed) {
        guard.report('corrupt', `RPM payload is damaged: ${error.message}`);
      }
    });
    stream.destroy();
    payload.destroy();
  } finally {
    file.destroy();
  }
}

async function skipHeader(reader: StreamReader, padded: boolean): Promise<boolean> {
  const intro = await reader.read(16);
  if (intro.length < 16 || intro.readUInt32BE(0) !== HEADER_MAGIC) {
    return false;
  }
  const count = intro.readUInt32BE(8);
  const dataSize = intro.readUInt32BE(12);
  const size = count * 16 + dataSize;
  const padding = padded ? (8 - (size % 8)) % 8 : 0;
  return reader.skip(size + padding);
}

function payloadCompression(head: Buffer): Compression | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return 'gz';
  }
  if (head.toString('latin1', 0, 3) === 'BZh') {
    return 'bz2';
  }
  if (head[0] === 0xfd && head.toString('latin1', 1, 5) === '7zXZ') {
    return 'xz';
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) {
    return 'zst';
  }
  return undefined;
}

function rest(head: Buffer, reader: StreamReader): PassThrough {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  void (async () => {
    out.write(head);
    for await (const chunk of reader.chunks(Number.MAX_SAFE_INTEGER)) {
      if (!out.write(chunk)) {
        await new Promise((resolve) => {
          out.once('drain', resolve);
          out.once('close', resolve);
        });
      }
    }
    out.end();
  })().catch((error: Error) => out.destroy(error));
  return out;
}
