import { WASMagic, WASMagicFlags } from 'wasmagic';

/** How much of a file libmagic reads: `file` 5.44's default bytes_max (7 MiB). */
export const MAGIC_BYTES = 7 * 1024 * 1024;

/** Bytes of a file's end that libmagic reads for negative offsets (gzip's original size, for one). */
export const TAIL_BYTES = 4;

/** After this many files agree on the MIME type of a description, the MIME lookup is skipped for it. */
const TRUSTED_AFTER = 3;

/**
 * libmagic in WASM names MIME types the way newer libmagic does; these are the ones where `file` 5.44
 * (Debian 12) and ScanCode's libmagic say otherwise.
 */
const MIME_ALIASES: Record<string, string> = {
  'text/javascript': 'application/javascript',
};

export interface MagicResult {
  /** libmagic's description, as `file -b` prints it. */
  fileType: string;
  /** libmagic's MIME type, as `file -b --mime-type` prints it. */
  mimeType: string;
}

export interface Magic {
  /** Detects from the first MAGIC_BYTES of a file, plus its last TAIL_BYTES when the file is longer. */
  detect(head: Buffer, tail?: Buffer): MagicResult;
}

/**
 * Returns a libmagic (WASM) detector. A text file costs libmagic 1 to 10 ms per call (it compiles its
 * regular expressions on every call), so the second call for the MIME type is skipped once a description
 * has mapped to the same MIME type TRUSTED_AFTER times; a description that ever maps to two MIME types
 * is always looked up.
 */
export async function createMagic(): Promise<Magic> {
  const [description, mime] = await Promise.all([
    WASMagic.create({ flags: WASMagicFlags.NONE }),
    WASMagic.create({ flags: WASMagicFlags.MIME_TYPE }),
  ]);
  const known = new Map<string, { mime: string; seen: number } | null>();
  const lookupMime = (head: Buffer): string => {
    const raw = mime.detect(head);
    return MIME_ALIASES[raw] ?? raw;
  };
  return {
    detect(fullHead: Buffer, tail?: Buffer): MagicResult {
      if (fullHead.length === 0) {
        return { fileType: 'empty', mimeType: 'inode/x-empty' };
      }
      // `file` reads the tail separately for negative offsets; with one buffer, splice it onto the end.
      const head = tail === undefined ? fullHead : Buffer.concat([fullHead.subarray(0, fullHead.length - tail.length), tail]);
      const fileType = description.detect(head);
      const entry = known.get(fileType);
      if (entry && entry.seen >= TRUSTED_AFTER) {
        return { fileType, mimeType: entry.mime };
      }
      const mimeType = lookupMime(head);
      if (entry === undefined) {
        known.set(fileType, { mime: mimeType, seen: 1 });
      } else if (entry !== null) {
        known.set(fileType, entry.mime === mimeType ? { mime: mimeType, seen: entry.seen + 1 } : null);
      }
      return { fileType, mimeType };
    },
  };
}
