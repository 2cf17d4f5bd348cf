import { BINARY_SNIFF_BYTES, isBinaryContent } from './binary';
import { typeFlags } from './content-type';
import { hashFile } from './hash';
import type { Magic } from './magic';
import type { ContentInfo } from './types';

/** Bytes kept from each file when libmagic is off: enough for the binary sniff, archive magic and shebangs. */
const SNIFF_BYTES = 4096;

export interface ContentOptions {
  /** libmagic detector; without one, file_type and mime_type are null and flags rest on names and sniffing. */
  magic?: Magic;
  sha512?: boolean;
}

/**
 * Returns hashes, libmagic types and typecode flags of a batch of regular files, reading each once
 * (the `file` engine reads them again, from the page cache). A file that cannot be read gets an error.
 */
export async function contentInfos(
  files: Array<{ location: string; name: string }>,
  options: ContentOptions,
): Promise<Array<ContentInfo | { error: string }>> {
  const headBytes = Math.max(options.magic?.headBytes ?? SNIFF_BYTES, BINARY_SNIFF_BYTES, SNIFF_BYTES);
  const read = files.map(({ location }) => {
    try {
      return hashFile(location, headBytes, options.sha512 ?? false);
    } catch (error) {
      return { error: (error as Error).message };
    }
  });
  const readable = files.flatMap((file, i) => {
    const r = read[i];
    return r !== undefined && !('error' in r) ? [{ location: file.location, head: r.head, ...(r.tail ? { tail: r.tail } : {}) }] : [];
  });
  const types = (await options.magic?.detect(readable)) ?? [];
  let next = 0;
  return files.map(({ name }, i) => {
    const r = read[i];
    if (r === undefined || 'error' in r) {
      return { error: r?.error ?? 'not read' };
    }
    const magic = options.magic === undefined ? undefined : types[next++];
    const isBinary = isBinaryContent(name, r.head);
    const fileType = magic?.fileType ?? null;
    const mimeType = magic?.mimeType ?? null;
    return {
      size: r.size,
      md5: r.digests?.md5 ?? null,
      sha1: r.digests?.sha1 ?? null,
      sha256: r.digests?.sha256 ?? null,
      sha512: r.digests?.sha512 ?? null,
      sha1_git: r.digests?.sha1_git ?? null,
      mime_type: mimeType,
      file_type: fileType,
      is_binary: isBinary,
      is_text: !isBinary,
      ...typeFlags(name, fileType ?? '', mimeType ?? '', isBinary, r.head),
    };
  });
}
