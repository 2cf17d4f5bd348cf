import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-built archive: the builders write names and link targets verbatim, hostile or not. */
export interface RawEntry {
  name: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev' | 'fifo';
  content?: Buffer | string;
  link?: string;
  mode?: number;
}

const TAR_TYPES = { file: '0', hardlink: '1', symlink: '2', chardev: '3', dir: '5', fifo: '6' } as const;

/** Returns a ustar archive with the entries exactly as given (no path cleaning, unlike real tar tools). */
export function buildTar(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const body = Buffer.from(entry.content ?? '');
    const header = Buffer.alloc(512);
    header.write(entry.name, 0, 100, 'utf8');
    header.write(octal(entry.mode ?? (type === 'dir' ? 0o755 : 0o644), 8), 100, 'latin1');
    header.write(octal(0, 8), 108, 'latin1');
    header.write(octal(0, 8), 116, 'latin1');
    header.write(octal(type === 'file' ? body.length : 0, 12), 124, 'latin1');
    header.write(octal(1_700_000_000, 12), 136, 'latin1');
    header.write('        ', 148, 'latin1');
    header.write(TAR_TYPES[type], 156, 'latin1');
    header.write(entry.link ?? '', 157, 100, 'utf8');
    header.write('ustar\u000000', 257, 'latin1');
    let sum = 0;
    for (const byte of header) {
      sum += byte;
    }
    header.write(octal(sum, 7), 148, 'latin1');
    blocks.push(header);
    if (type === 'file' && body.length > 0) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** Returns a zip with the entries exactly as given; file content is deflated, symlinks carry Unix mode bits. */
export function buildZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const name = Buffer.from(type === 'dir' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name, 'utf8');
    const data = Buffer.from(type === 'symlink' ? (entry.link ?? '') : (entry.content ?? ''));
    const packed = type === 'symlink' ? data : deflateRawSync(data);
    const method = type === 'symlink' ? 0 : 8;
    const crc = crc32(data);
    const mode = type === 'symlink' ? 0o120777 : type === 'dir' ? 0o040755 : 0o100644;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Returns a Unix ar archive (the container of .deb files) with GNU-style member names. */
export function buildAr(entries: Array<{ name: string; content: Buffer | string }>): Buffer {
  const parts: Buffer[] = [Buffer.from('!<arch>\n', 'latin1')];
  for (const entry of entries) {
    const body = Buffer.from(entry.content);
    const header = Buffer.alloc(60, 0x20);
    header.write(`${entry.name}/`, 0, 16, 'latin1');
    header.write('0', 16, 'latin1');
    header.write('0', 28, 'latin1');
    header.write('0', 34, 'latin1');
    header.write('100644', 40, 'latin1');
    header.write(String(body.length), 48, 'latin1');
    header.write('`\n', 58, 'latin1');
    parts.push(header, body);
    if (body.length % 2 === 1) {
      parts.push(Buffer.from('\n'));
    }
  }
  return Buffer.concat(parts);
}

/** Returns a cpio archive in the "newc" format used inside RPM payloads. */
export function buildCpio(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const all = [...entries, { name: 'TRAILER!!!', content: '' }];
  all.forEach((entry, index) => {
    const type = 'type' in entry ? (entry.type ?? 'file') : 'file';
    const body = Buffer.from(type === 'symlink' ? (entry.link ?? '') : (entry.content ?? ''));
    const mode = type === 'symlink' ? 0o120777 : type === 'dir' ? 0o040755 : type === 'fifo' ? 0o010644 : 0o100644;
    const name = Buffer.from(`${entry.name}\0`, 'utf8');
    const fields = [index + 1, mode, 0, 0, 1, 0, body.length, 0, 0, 0, 0, name.length, 0];
    const header = Buffer.from(`070701${fields.map((f) => f.toString(16).padStart(8, '0')).join('')}`, 'latin1');
    parts.push(header, name, Buffer.alloc((4 - ((header.length + name.length) % 4)) % 4));
    parts.push(body, Buffer.alloc((4 - (body.length % 4)) % 4));
  });
  return Buffer.concat(parts);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}
