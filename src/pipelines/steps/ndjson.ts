import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * One JSON record per line in a file of the project's tmp/: how a step hands a large amount of
 * parsed data to the next ones without holding it in memory.
 */
export class NdjsonWriter {
  private readonly out: WriteStream;
  count = 0;

  constructor(readonly file: string) {
    this.out = createWriteStream(file, { flags: 'a' });
  }

  async write(record: unknown): Promise<void> {
    this.count++;
    if (!this.out.write(`${JSON.stringify(record)}\n`)) {
      await once(this.out, 'drain');
    }
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'close');
  }
}

/** The records of an NDJSON file in batches; nothing when the file does not exist. */
export async function* readNdjson<T>(file: string, batchSize = 1000): AsyncGenerator<T[]> {
  if (!existsSync(file)) {
    return;
  }
  let batch: T[] = [];
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (line) {
      batch.push(JSON.parse(line) as T);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) {
    yield batch;
  }
}
