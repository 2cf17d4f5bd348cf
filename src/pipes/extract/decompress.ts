import { spawn } from 'node:child_process';
import { accessSync, constants, createReadStream } from 'node:fs';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import lzma from 'lzma-native';
import unbzip2 from 'unbzip2-stream';

export type Compression = 'gz' | 'bz2' | 'xz' | 'zst';

const READ_CHUNK = 1024 * 1024;

/**
 * Command line decoders, used when installed: on the Linux kernel tarball `xz -dc` runs 2.5 times faster
 * than lzma-native, and bzip2/zstd beat the pure-JS decoders by more. zlib's gunzip is native already.
 */
const TOOLS: Partial<Record<Compression, string[]>> = {
  xz: ['/usr/bin/xz', '/bin/xz'],
  bz2: ['/usr/bin/bzip2', '/bin/bzip2'],
  zst: ['/usr/bin/zstd'],
};

/** Returns the decompressed content of a compressed file as a stream; damaged data surfaces as a stream error. */
export function openDecompressed(path: string, compression: Compression): Readable {
  const tool = findTool(compression);
  if (tool !== undefined) {
    return spawnDecoder(tool, path);
  }
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  const out = file.pipe(decompressor(compression)) as unknown as Readable;
  file.on('error', (error) => out.destroy(error));
  return out;
}

/** Returns an in-process transform stream that decompresses one of the supported formats. */
export function decompressor(compression: Compression): NodeJS.ReadWriteStream {
  switch (compression) {
    case 'gz':
      return createGunzip({ chunkSize: 256 * 1024 });
    case 'bz2':
      return unbzip2();
    case 'xz':
      return lzma.createDecompressor();
    case 'zst':
      return zstdTransform();
  }
}

function findTool(compression: Compression): string | undefined {
  for (const candidate of TOOLS[compression] ?? []) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next location
    }
  }
  return undefined;
}

function spawnDecoder(tool: string, path: string): Readable {
  const child = spawn(tool, ['-dc', '--', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = new PassThrough({ highWaterMark: READ_CHUNK });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdout.pipe(out, { end: false });
  let exited: number | null | undefined;
  let drained = false;
  const settle = (): void => {
    if (exited === undefined || !drained) {
      return;
    }
    if (exited === 0) {
      out.end();
    } else {
      out.destroy(new Error(stderr.trim().split('\n').pop() || `${tool} exited with ${exited}`));
    }
  };
  child.stdout.on('end', () => {
    drained = true;
    settle();
  });
  child.on('close', (code) => {
    exited = code;
    settle();
  });
  child.on('error', (error) => out.destroy(error));
  // A consumer that stops early (a tripped limit) must not leave the decoder running.
  out.on('close', () => child.kill());
  return out;
}

/** Node 20 has no zstd in zlib, so fzstd's streaming decoder is wrapped in a Transform. */
function zstdTransform(): Transform {
  let pending: Uint8Array[] = [];
  const decoder = new Decompress((chunk) => {
    pending.push(chunk);
  });
  const flush = (stream: Transform): void => {
    for (const chunk of pending) {
      stream.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    pending = [];
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        decoder.push(chunk);
        flush(this);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        decoder.push(new Uint8Array(0), true);
        flush(this);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
