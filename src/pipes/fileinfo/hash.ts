import { createHash, hash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/** Files up to this size are read in one call; bigger ones are streamed in chunks of this size. */
const WHOLE_FILE = 4 * 1024 * 1024;

export interface Digests {
  md5: string;
  sha1: string;
  sha256: string;
  /** Null unless asked for: ScanCode computes no sha512 for files, and it costs a fifth of the hashing. */
  sha512: string | null;
  /** Git's blob id: SHA-1 of "blob <size>\0" followed by the content. */
  sha1_git: string;
}

export interface HashedFile {
  size: number;
  /** Null for an empty file: ScanCode reports no checksums for those. */
  digests: Digests | null;
  /** The first bytes of the file (up to headBytes), for type detection without a second read. */
  head: Buffer;
  /** The last TAIL bytes, only when the file is longer than headBytes. */
  tail?: Buffer;
}

const TAIL = 4;

/**
 * Returns every digest of the file from a single read, plus its first headBytes bytes. Synchronous on
 * purpose: it runs in worker threads, where blocking costs nothing and saves a thread-pool hop per read.
 */
export function hashFile(path: string, headBytes: number, sha512 = false): HashedFile {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size === 0) {
      return { size, digests: null, head: Buffer.alloc(0) };
    }
    if (size <= WHOLE_FILE) {
      const buffer = readFileSync(fd);
      const head = buffer.subarray(0, headBytes);
      return {
        size: buffer.length,
        digests: hashBuffer(buffer, sha512),
        head,
        ...(buffer.length > headBytes ? { tail: buffer.subarray(-TAIL) } : {}),
      };
    }
    const hashes = newHashes(size, sha512);
    const chunk = Buffer.allocUnsafe(WHOLE_FILE);
    let tail = Buffer.alloc(0);
    const headParts: Buffer[] = [];
    let headLength = 0;
    let total = 0;
    for (let bytesRead = readSync(fd, chunk); bytesRead > 0; bytesRead = readSync(fd, chunk)) {
      const data = chunk.subarray(0, bytesRead);
      update(hashes, data);
      if (headLength < headBytes) {
        const part = Buffer.from(data.subarray(0, headBytes - headLength));
        headParts.push(part);
        headLength += part.length;
      }
      total += bytesRead;
      tail = Buffer.from(Buffer.concat([tail, data.subarray(Math.max(0, data.length - TAIL))]).subarray(-TAIL));
    }
    if (total !== size) {
      // The git blob header already promised the size read by fstat.
      throw new Error(`file size changed while reading (${size} then ${total} bytes)`);
    }
    const head = Buffer.concat(headParts);
    return { size, digests: finish(hashes), head, ...(size > headBytes ? { tail } : {}) };
  } finally {
    closeSync(fd);
  }
}

/** Returns all digests of an in-memory buffer (null when empty, as for files). */
export function hashBuffer(buffer: Buffer, sha512 = false): Digests | null {
  if (buffer.length === 0) {
    return null;
  }
  // One-shot hashing skips a Hash object per digest: a third faster on trees of small files.
  const git = createHash('sha1');
  git.update(`blob ${buffer.length}\0`);
  git.update(buffer);
  return {
    md5: hash('md5', buffer, 'hex'),
    sha1: hash('sha1', buffer, 'hex'),
    sha256: hash('sha256', buffer, 'hex'),
    sha512: sha512 ? hash('sha512', buffer, 'hex') : null,
    sha1_git: git.digest('hex'),
  };
}

type HashSet = [Hash, Hash, Hash, Hash, Hash | undefined];

function newHashes(size: number, sha512: boolean): HashSet {
  const git = createHash('sha1');
  git.update(`blob ${size}\0`);
  return [createHash('md5'), createHash('sha1'), createHash('sha256'), git, sha512 ? createHash('sha512') : undefined];
}

function update(hashes: HashSet, data: Buffer): void {
  for (const h of hashes) {
    h?.update(data);
  }
}

function finish([md5, sha1, sha256, git, sha512]: HashSet): Digests {
  return {
    md5: md5.digest('hex'),
    sha1: sha1.digest('hex'),
    sha256: sha256.digest('hex'),
    sha512: sha512?.digest('hex') ?? null,
    sha1_git: git.digest('hex'),
  };
}
