declare module 'lzma-native' {
  import type { Transform } from 'node:stream';

  interface LzmaNative {
    createDecompressor(options?: { synchronous?: boolean; threads?: number }): Transform;
  }

  const lzma: LzmaNative;
  export default lzma;
}
