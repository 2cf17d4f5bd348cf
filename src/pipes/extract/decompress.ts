import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import lzma from 'lzma-native';
import unbzip2 from 'unbzip2-stream';

export type Compression = 'gz' | 'bz2' | 'xz' | 'zst';

/** Returns a transform stream that decompresses one of the supported single-stream formats. */
export function decompressor(compression: Compression): NodeJS.ReadWriteStream {
  switch (compression) {
    case 'gz':
      // Concatenated gzip members are legal and common (pigz, some .deb builders).
      return createGunzip({ chunkSize: 256 * 1024 });
    case 'bz2':
      return unbzip2();
    case 'xz':
      return lzma.createDecompressor();
    case 'zst':
      return zstdTransform();
  }
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
