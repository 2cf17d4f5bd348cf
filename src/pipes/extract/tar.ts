import type { Readable } from 'node:stream';
import type { EntryGuard, EntryHeader } from './guard';
import { StreamReader } from './stream-reader';
import { EntryWriter } from './writer';

const BLOCK = 512;

interface Pending {
  longName?: string;
  longLink?: string;
  pax: Record<string, string>;
}

const TYPES: Record<string, EntryHeader['type']> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'special',
  '4': 'special',
  '5': 'directory',
  '6': 'special',
};

/**
 * Extracts a (decompressed) tar stream under target: ustar, GNU long names and pax headers. Parsed here
 * rather than with node-tar, whose per-file asynchronous calls took five times as long as tar(1) on the
 * kernel sources; every entry passes the guard before anything is written.
 */
export async function extractTarStream(source: Readable, target: string, guard: EntryGuard): Promise<void> {
  const reader = new StreamReader(source);
  const writer = new EntryWriter(target, guard);
  let pending: Pending = { pax: {} };
  let globalPax: Record<string, string> = {};
  try {
    for (;;) {
      const block = await reader.read(BLOCK);
      if (block.length === 0) {
        return;
      }
      if (block.length < BLOCK) {
        guard.report('corrupt', 'tar data is truncated');
        return;
      }
      if (block[0] === 0 && block.every((b) => b === 0)) {
        return;
      }
      if (!checksumMatches(block)) {
        guard.report('corrupt', `tar header at byte ${reader.offset - BLOCK} is damaged`);
        return;
      }
      const flag = String.fromCharCode(block[156] ?? 0);
      const pax = { ...globalPax, ...pending.pax };
      const size = pax.size !== undefined ? Number(pax.size) : parseNumber(block.subarray(124, 136));
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
        const data = await reader.read(size);
        await reader.skip(padding);
        if (flag === 'L') {
          pending.longName = cString(data);
        } else if (flag === 'K') {
          pending.longLink = cString(data);
        } else if (flag === 'x') {
          pending.pax = { ...pending.pax, ...parsePax(data) };
        } else {
          globalPax = { ...globalPax, ...parsePax(data) };
        }
        continue;
      }
      const header = toHeader(block, flag, size, pax, pending);
      pending = { pax: {} };
      if (header === undefined) {
        guard.report('unsupported', `tar entry type '${flag}' is not extracted`, cString(block.subarray(0, 100)), 'warning');
        await reader.skip(size + padding);
        continue;
      }
      const before = reader.offset;
      await writer.write(header, header.type === 'file' ? reader.chunks(size) : undefined);
      const consumed = reader.offset - before;
      if (!(await reader.skip(size - consumed + padding))) {
        if (!guard.stopped) {
          guard.report('corrupt', 'tar data is truncated', header.name);
        }
        return;
      }
      if (guard.stopped) {
        return;
      }
    }
  } catch (error) {
    if (!guard.stopped) {
      guard.report('corrupt', `archive data is damaged: ${(error as Error).message}`);
    }
  } finally {
    source.destroy();
  }
}

function toHeader(block: Buffer, flag: string, size: number, pax: Record<string, string>, pending: Pending): EntryHeader | undefined {
  const type = TYPES[flag];
  if (type === undefined) {
    return undefined;
  }
  const ustar = block.toString('latin1', 257, 262) === 'ustar';
  const prefix = ustar ? cString(block.subarray(345, 500)) : '';
  const baseName = cString(block.subarray(0, 100));
  const name = pax.path ?? pending.longName ?? (prefix ? `${prefix}/${baseName}` : baseName);
  const linkTarget = pax.linkpath ?? pending.longLink ?? cString(block.subarray(157, 257));
  const mode = parseNumber(block.subarray(100, 108));
  return {
    name,
    type,
    size: type === 'file' ? size : 0,
    mode,
    ...(type === 'symlink' || type === 'hardlink' ? { linkTarget } : {}),
  };
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseNumber(block.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  // Some old writers summed signed chars.
  return stored === unsigned || stored === signed;
}

/** Octal, or GNU base-256 when the high bit of the first byte is set. */
function parseNumber(field: Buffer): number {
  const first = field[0] ?? 0;
  if (first & 0x80) {
    let value = first & 0x7f;
    for (let i = 1; i < field.length; i++) {
      value = value * 256 + (field[i] ?? 0);
    }
    return value;
  }
  const text = cString(field).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(data: Buffer): string {
  const end = data.indexOf(0);
  return data.toString('utf8', 0, end === -1 ? data.length : end);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = parseInt(data.toString('latin1', offset, space), 10);
    if (space === -1 || !Number.isFinite(length) || length <= 0) {
      break;
    }
    const record = data.toString('utf8', space + 1, offset + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0) {
      out[record.slice(0, equals)] = record.slice(equals + 1);
    }
    offset += length;
  }
  return out;
}
