import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { WASMagic, WASMagicFlags } from 'wasmagic';

/** How much of a file libmagic reads: `file` 5.44's default bytes_max (7 MiB). */
export const MAGIC_BYTES = 7 * 1024 * 1024;

/** After this many files agree on the MIME type of a description, the MIME lookup is skipped for it. */
const TRUSTED_AFTER = 3;

const SYSTEM_FILE_COMMAND = '/usr/bin/file';
/** The magic database both commands read (Debian's libmagic-mgc). */
const SYSTEM_MAGIC_DATABASE = '/usr/share/misc/magic.mgc';

/**
 * The `file` command to run: native/file's build when `npm install` made it (the same libmagic
 * 5.44 and the system's magic database, with faster tests: the same answers in about a sixth of
 * the time on source trees), else Debian's. Null when neither can run.
 */
export function fileCommand(): string | null {
  if (isExecutable(SYSTEM_MAGIC_DATABASE, constants.R_OK)) {
    // From src/pipes/fileinfo or dist/src/pipes/fileinfo up to the checkout.
    for (const up of ['../../..', '../../../..']) {
      const built = path.resolve(__dirname, up, 'native/file/build/scanloom-file');
      if (isExecutable(built)) {
        return built;
      }
    }
  }
  return isExecutable(SYSTEM_FILE_COMMAND) ? SYSTEM_FILE_COMMAND : null;
}

/** Where newer libmagic (the WASM build) names MIME types differently from `file` 5.44 (Debian 12). */
const MIME_ALIASES: Record<string, string> = {
  'text/javascript': 'application/javascript',
};

export interface MagicResult {
  /** libmagic's description, as `file -b` prints it. */
  fileType: string;
  /** libmagic's MIME type, as `file -b --mime-type` prints it. */
  mimeType: string;
}

/** A file to type: its path, plus its first bytes and last bytes for the in-process engine. */
export interface MagicInput {
  location: string;
  head: Buffer;
  tail?: Buffer;
}

export type MagicEngine = 'auto' | 'file' | 'wasm';

export interface Magic {
  /** Bytes of each file the engine needs in MagicInput.head. */
  readonly headBytes: number;
  detect(files: MagicInput[]): Promise<MagicResult[]>;
}

/**
 * Returns a libmagic detector. 'file' runs a `file` command (fileCommand()) in long-lived sessions:
 * native libmagic gives exactly `file`'s strings, and is faster than the WASM build. 'wasm' uses
 * wasmagic in process (no system dependency, a newer magic database). 'auto' picks 'file' when it
 * can run. Both skip the MIME lookup for descriptions that have mapped to one MIME type
 * TRUSTED_AFTER times: libmagic's text tests cost a good fraction of a millisecond per file.
 */
export async function createMagic(engine: MagicEngine = 'auto'): Promise<Magic> {
  const command = engine === 'wasm' ? null : (fileCommand() ?? (engine === 'file' ? SYSTEM_FILE_COMMAND : null));
  // Kept even with the command: a path holding a newline cannot go through `file -f -`.
  const wasm = await createWasm();
  const known = new Map<string, { mime: string; seen: number } | null>();
  const trusted = (fileType: string): string | undefined => {
    const entry = known.get(fileType);
    return entry && entry.seen >= TRUSTED_AFTER ? entry.mime : undefined;
  };
  const learn = (fileType: string, mimeType: string): void => {
    const entry = known.get(fileType);
    if (entry === undefined) {
      known.set(fileType, { mime: mimeType, seen: 1 });
    } else if (entry !== null) {
      known.set(fileType, entry.mime === mimeType ? { mime: mimeType, seen: entry.seen + 1 } : null);
    }
  };
  // Two long-lived `file` processes (descriptions, MIME types) per detector: starting `file` costs
  // about 15 ms of CPU (loading its magic database), as much as typing a dozen text files.
  const sessions = command !== null ? { description: new FileSession(command, ['-b']), mime: new FileSession(command, ['-b', '--mime-type']) } : null;
  return {
    headBytes: sessions !== null ? 4096 : MAGIC_BYTES,
    async detect(files: MagicInput[]): Promise<MagicResult[]> {
      const viaCommand = sessions !== null && files.every((f) => !f.location.includes('\n'));
      const types = viaCommand ? await sessions.description.lookup(files) : files.map((f, i) => wasm.description(f, i));
      const cached = types.map(trusted);
      const mimeFiles = files.filter((_f, i) => cached[i] === undefined);
      const mimes = viaCommand ? await sessions.mime.lookup(mimeFiles) : mimeFiles.map((f, i) => wasm.mime(f, i));
      let next = 0;
      return files.map((_file, i) => {
        const fileType = types[i] ?? '';
        const hit = cached[i];
        if (hit !== undefined) {
          return { fileType, mimeType: hit };
        }
        const raw = mimes[next++] ?? '';
        const mimeType = MIME_ALIASES[raw] ?? raw;
        learn(fileType, mimeType);
        return { fileType, mimeType };
      });
    },
  };
}

function setReferenced(child: ChildProcessWithoutNullStreams, referenced: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as { ref?: () => void; unref?: () => void }[]) {
    if (referenced) {
      handle.ref?.();
    } else {
      handle.unref?.();
    }
  }
}

/**
 * A `file -n -f -` process answering one line per path written to it, in order. It is
 * started on first use and again after it dies. Batches are written as they come, without waiting
 * for the answers to the previous ones (`file` answers in order): a `file` that had to wait for
 * its thread to read an answer and write the next batch stood idle while that thread hashed.
 */
class FileSession {
  private child: ChildProcessWithoutNullStreams | null = null;
  private buffered = '';
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];

  constructor(private readonly command: string, private readonly args: readonly string[]) {}

  lookup(files: readonly MagicInput[]): Promise<string[]> {
    return this.send(files);
  }

  private send(files: readonly MagicInput[]): Promise<string[]> {
    if (files.length === 0) {
      return Promise.resolve([]);
    }
    const child = this.start();
    const lines = files.map(() => new Promise<string>((resolve, reject) => this.waiting.push({ resolve, reject })));
    child.stdin.write(files.map((f) => f.location).join('\n') + '\n');
    // Referenced while answers are awaited, so a process with nothing else to do waits for them.
    setReferenced(child, true);
    return Promise.all(lines).finally(() => {
      if (this.waiting.length === 0) {
        setReferenced(child, false);
      }
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) {
      return this.child;
    }
    const child = spawn(this.command, [...this.args, '-n', '-f', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let newline = this.buffered.indexOf('\n');
      while (newline >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        this.waiting.shift()?.resolve(line);
        newline = this.buffered.indexOf('\n');
      }
    });
    child.stderr.resume();
    child.on('error', (error) => this.fail(child, error));
    child.on('close', () => this.fail(child, new Error('the file command exited')));
    // Idle sessions must not keep a process alive.
    setReferenced(child, false);
    this.child = child;
    return child;
  }

  private fail(child: ChildProcessWithoutNullStreams, error: Error): void {
    if (this.child === child) {
      this.child = null;
      this.buffered = '';
      for (const waiter of this.waiting.splice(0)) {
        waiter.reject(error);
      }
    }
  }
}

function isExecutable(file: string, mode: number = constants.X_OK): boolean {
  try {
    accessSync(file, mode);
    return true;
  } catch {
    return false;
  }
}

type Lookup = (file: MagicInput, index: number) => string;

async function createWasm(): Promise<{ description: Lookup; mime: Lookup }> {
  const [description, mime] = await Promise.all([
    WASMagic.create({ flags: WASMagicFlags.NONE }),
    WASMagic.create({ flags: WASMagicFlags.MIME_TYPE }),
  ]);
  // `file` reads a file's end separately for negative offsets (gzip's original size); splice it on.
  const buffer = (f: MagicInput): Buffer =>
    f.tail === undefined ? f.head : Buffer.concat([f.head.subarray(0, f.head.length - f.tail.length), f.tail]);
  return {
    description: (f) => (f.head.length === 0 ? 'empty' : description.detect(buffer(f))),
    mime: (f) => (f.head.length === 0 ? 'inode/x-empty' : mime.detect(buffer(f))),
  };
}
