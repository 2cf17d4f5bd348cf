import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import Assembler from 'stream-json/assembler.js';
import parser from 'stream-json/parser.js';
import verifier from 'stream-json/utils/verifier.js';
import { SbomError } from './errors';

/** One top-level value of a JSON document, or one item of a streamed top-level array. */
export type TopLevelValue = { key: string; value: unknown } | { key: string; index: number; item: unknown };

/** Items waiting for the consumer; past this the file is paused, so memory stays flat. */
const HIGH_WATER = 256;

/**
 * Yields the top-level members of a JSON object document one at a time: a member whose key is in
 * `streamed` and holds an array comes item by item (each item assembled alone), the others whole.
 * Malformed JSON throws an SbomError naming the file, line and column.
 */
export async function* streamTopLevel(file: string, streamed: ReadonlySet<string>): AsyncGenerator<TopLevelValue> {
  if ((await stat(file)).size === 0) {
    throw new SbomError(basename(file), 'the file is empty');
  }
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  const tokens = parser.asStream({ streamValues: false });
  const queue: TopLevelValue[] = [];
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };

  let depth = 0;
  let key = '';
  let index = 0;
  let inArray = false;
  let assembler: Assembler | null = null;
  let sawRoot = false;
  tokens.on('data', (token: { name: string; value?: unknown }) => {
    if (assembler) {
      assembler.consume(token);
      if (assembler.done) {
        queue.push(inArray ? { key, index: index++, item: assembler.current as unknown } : { key, value: assembler.current as unknown });
        assembler = null;
        pauseIfFull();
      }
      return;
    }
    if (depth === 0) {
      if (token.name !== 'startObject') {
        failure = new SbomError(basename(file), 'the document is not a JSON object');
        source.unpipe(tokens);
        notify();
        return;
      }
      sawRoot = true;
      depth = 1;
      return;
    }
    switch (token.name) {
      case 'keyValue':
        if (depth === 1) {
          key = String(token.value);
        }
        return;
      case 'startArray':
        if (depth === 1 && streamed.has(key)) {
          depth = 2;
          inArray = true;
          index = 0;
          return;
        }
        break;
      case 'endArray':
        if (depth === 2) {
          depth = 1;
          inArray = false;
          return;
        }
        break;
      case 'endObject':
        if (depth === 1) {
          depth = 0;
          return;
        }
        break;
    }
    // A scalar or a container to assemble: the value of a top-level key, or an item of a streamed array.
    assembler = new Assembler();
    assembler.consume(token);
    if (assembler.done) {
      queue.push(inArray ? { key, index: index++, item: assembler.current as unknown } : { key, value: assembler.current as unknown });
      assembler = null;
      pauseIfFull();
    }
  });
  const pauseIfFull = () => {
    if (queue.length >= HIGH_WATER) {
      source.pause();
    }
    notify();
  };
  tokens.on('error', (error: Error) => {
    failure ??= error;
    notify();
  });
  source.on('error', (error) => {
    failure ??= error;
    notify();
  });
  tokens.on('end', () => {
    ended = true;
    notify();
  });
  source.pipe(tokens);

  try {
    for (;;) {
      if (queue.length > 0) {
        const next = queue.shift()!;
        if (queue.length < HIGH_WATER / 2 && source.isPaused()) {
          source.resume();
        }
        yield next;
        continue;
      }
      if (failure) {
        throw await explain(file, failure);
      }
      if (ended) {
        if (!sawRoot) {
          throw new SbomError(basename(file), 'the file is empty');
        }
        return;
      }
      if (source.isPaused()) {
        source.resume();
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    source.destroy();
    tokens.destroy();
  }
}

/** A parser error with the line and column of the problem, found by re-reading the file with the verifier. */
async function explain(file: string, error: Error): Promise<Error> {
  if (error instanceof SbomError || (error as NodeJS.ErrnoException).code) {
    return error;
  }
  const location = await locateJsonError(createReadStream(file));
  const where = location ? ` at line ${location.line}, column ${location.pos}` : '';
  return new SbomError(basename(file), `not valid JSON${where}: ${error.message.replace(/^Parser cannot parse input: /, '')}`);
}

/** Returns where a JSON text stops being valid, or null when it is valid. */
export async function locateJsonError(stream: Readable): Promise<{ line: number; pos: number } | null> {
  const check = verifier.asStream();
  return new Promise((resolve) => {
    check.on('error', (error: { line?: number; pos?: number }) => resolve(error.line ? { line: error.line, pos: error.pos ?? 0 } : null));
    check.on('finish', () => resolve(null));
    stream.on('error', () => resolve(null));
    stream.pipe(check);
  });
}
