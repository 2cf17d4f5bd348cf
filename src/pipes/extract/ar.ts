import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { EntryGuard } from './guard';
import { EntryWriter } from './writer';

const MAGIC = '!<arch>\n';
const HEADER_SIZE = 60;

/** Extracts a Unix ar archive (.deb, static .a libraries) under target; GNU and BSD long names are supported. */
export async function extractAr(archive: string, target: string, guard: EntryGuard): Promise<void> {
  const handle = await open(archive, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const writer = new EntryWriter(target, guard);
    let longNames = '';
    let offset = MAGIC.length;
    while (offset + HEADER_SIZE <= fileSize && !guard.stopped) {
      const header = Buffer.alloc(HEADER_SIZE);
      await handle.read(header, 0, HEADER_SIZE, offset);
      const size = parseInt(header.toString('latin1', 48, 58).trim(), 10);
      if (header.toString('latin1', 58, 60) !== '`\n' || !Number.isFinite(size) || size < 0) {
        guard.report('corrupt', `ar member header at offset ${offset} is damaged`);
        return;
      }
      let dataStart = offset + HEADER_SIZE;
      let dataSize = size;
      let name = header.toString('latin1', 0, 16).trimEnd();
      if (name.startsWith('#1/')) {
        const length = parseInt(name.slice(3), 10);
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, dataStart);
        name = buffer.toString('utf8').replace(/\0+$/, '');
        dataStart += length;
        dataSize -= length;
      } else if (name === '//') {
        const buffer = Buffer.alloc(size);
        await handle.read(buffer, 0, size, dataStart);
        longNames = buffer.toString('utf8');
        name = '';
      } else if (name === '/' || name === '/SYM64/' || name === '__.SYMDEF' || name === '__.SYMDEF SORTED') {
        name = '';
      } else if (/^\/\d+$/.test(name)) {
        const at = parseInt(name.slice(1), 10);
        const end = longNames.indexOf('\n', at);
        name = longNames.slice(at, end === -1 ? undefined : end).replace(/\/$/, '');
      } else {
        name = name.replace(/\/$/, '');
      }
      if (dataStart + dataSize > fileSize) {
        guard.report('corrupt', `ar member ${name} is truncated`, name);
        return;
      }
      if (name !== '') {
        // The symbol table and long-name table are bookkeeping, not content.
        const content =
          dataSize > 0
            ? createReadStream(archive, { start: dataStart, end: dataStart + dataSize - 1 })
            : Buffer.alloc(0);
        await writer.write({ name, type: 'file', size: dataSize }, content);
      }
      offset = dataStart + dataSize + ((dataStart + dataSize) % 2);
    }
  } finally {
    await handle.close();
  }
}
