import { BINARY_SNIFF_BYTES, isBinaryContent } from './binary';
import { typeFlags } from './content-type';
import { hashFile } from './hash';
import { MAGIC_BYTES, type Magic } from './magic';
import type { ContentInfo } from './types';

/** Returns hashes, libmagic types and typecode flags of one regular file, reading it once. */
export function contentInfo(path: string, name: string, magic: Magic): ContentInfo {
  const { size, digests, head, tail } = hashFile(path, Math.max(MAGIC_BYTES, BINARY_SNIFF_BYTES));
  const { fileType, mimeType } = magic.detect(head, tail);
  const isBinary = isBinaryContent(name, head);
  return {
    size,
    md5: digests?.md5 ?? null,
    sha1: digests?.sha1 ?? null,
    sha256: digests?.sha256 ?? null,
    sha512: digests?.sha512 ?? null,
    sha1_git: digests?.sha1_git ?? null,
    mime_type: mimeType,
    file_type: fileType,
    is_binary: isBinary,
    is_text: !isBinary,
    ...typeFlags(name, fileType, mimeType, isBinary, head),
  };
}
