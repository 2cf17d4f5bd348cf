/** Pull-style reader over a byte stream, for the formats parsed here (cpio payloads, rpm headers). */
export class StreamReader {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly iterator: AsyncIterator<Buffer>;
  private ended = false;
  /** Bytes consumed so far, used for the alignment rules of cpio and rpm. */
  offset = 0;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Returns exactly count bytes, or fewer when the stream ends first. */
  async read(count: number): Promise<Buffer> {
    while (this.buffer.length < count && (await this.fill())) {
      // keep filling
    }
    const out = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(out.length);
    this.offset += out.length;
    return out;
  }

  /** Yields the next count bytes in chunks as they arrive; stops early when the stream ends. */
  async *chunks(count: number): AsyncGenerator<Buffer> {
    let left = count;
    while (left > 0) {
      if (this.buffer.length === 0 && !(await this.fill())) {
        return;
      }
      const out = this.buffer.subarray(0, Math.min(left, this.buffer.length));
      this.buffer = this.buffer.subarray(out.length);
      this.offset += out.length;
      left -= out.length;
      yield out;
    }
  }

  /** Skips count bytes; returns false when the stream ended first. */
  async skip(count: number): Promise<boolean> {
    let skipped = 0;
    for await (const chunk of this.chunks(count)) {
      skipped += chunk.length;
    }
    return skipped === count;
  }

  private async fill(): Promise<boolean> {
    if (this.ended) {
      return false;
    }
    const next = await this.iterator.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buffer = this.buffer.length === 0 ? next.value : Buffer.concat([this.buffer, next.value]);
    return true;
  }
}
