import { isAscii, isUtf8 } from 'node:buffer';

/** ScanCode decides binary-or-text from the first 1024 bytes (binaryornot's get_starting_chunk). */
export const BINARY_SNIFF_BYTES = 1024;

/** Extensions ScanCode always treats as binary, whatever their bytes. */
const BINARY_EXTENSIONS = ['.pyc', '.pgm', '.mp3', '.mp4', '.mpeg', '.mpg', '.emf', '.pbm', '.ppm'];

/**
 * Returns true when the file looks binary, following binaryornot's heuristic as ScanCode uses it:
 * ratios of control and high bytes, then valid UTF-8 as a stand-in for chardet's confident guess.
 */
export function isBinaryContent(name: string, head: Buffer): boolean {
  if (BINARY_EXTENSIONS.some((ext) => name.endsWith(ext))) {
    return true;
  }
  const chunk = head.subarray(0, BINARY_SNIFF_BYTES);
  if (chunk.length === 0) {
    return false;
  }
  let low = 0;
  let notHigh = 0;
  let hasNulOrFF = false;
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i]!;
    const printable = (byte >= 32 && byte < 127) || byte === 10 || byte === 13 || byte === 9 || byte === 12 || byte === 8;
    if (!printable) {
      low++;
    }
    if (byte < 127) {
      notHigh++;
    }
    if (byte === 0 || byte === 0xff) {
      hasNulOrFF = true;
    }
  }
  const lowRatio = low / chunk.length;
  const notHighRatio = notHigh / chunk.length;
  if (lowRatio > 0.9 && notHighRatio > 0.9) {
    return true;
  }
  const likelyBinary = (lowRatio > 0.3 && notHighRatio < 0.05) || (lowRatio > 0.8 && notHighRatio > 0.8);
  // A multi-byte character cut at the end of the sniffed chunk is still text.
  const decodable = !isAscii(chunk) && isUtf8(trimPartial(chunk));
  if (decodable) {
    return false;
  }
  return likelyBinary || hasNulOrFF;
}

function trimPartial(chunk: Buffer): Buffer {
  const end = chunk.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = chunk[end - i] ?? 0;
    if ((byte & 0xc0) === 0xc0) {
      return chunk.subarray(0, end - i);
    }
    if ((byte & 0xc0) !== 0x80) {
      break;
    }
  }
  return chunk;
}
