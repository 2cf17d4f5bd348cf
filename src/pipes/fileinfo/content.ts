import { BINARY_SNIFF_BYTES, isBinaryContent } from './binary';
import { typeFlags } from './content-type';
import { hashFile } from './hash';
import { MAGIC_BYTES, type Magic } from './magic';
import type { ContentInfo } from './types';

/**
 * Returns hashes, libmagic types and typecode flags of one regular file, reading it once. Without a
 * magic detector, file_type and mime_type are null and the flags rest on names and content sniffing.
 */
export function contentInfo(path: string, name: string, magic: Magic | undefined, sha512 = false): ContentInfo {
  const headBytes = magic === undefined ? BINARY_SNIFF_BYTES : MAGIC_BYTES;
  const { size, digests, head, tail } = hashFile(path, headBytes, sha512);
  const { fileType, mimeType } = magic?.detect(head, tail) ?? { fileType: null, mimeType: null };
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
    ...typeFlags(name, fileType ?? '', mimeType ?? '', isBinary, head),
  };
}
