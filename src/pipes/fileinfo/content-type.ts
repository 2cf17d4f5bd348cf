import { kindFromHead } from '../extract/detect';
import { languageForName, languageFromContent } from './language';
import { extensionOf } from './names';

/** Extensions typecode treats as plain text even when a lexer would claim them. */
const PLAIN_TEXT_EXTENSIONS = ['.rst', '.rest', '.md', '.txt', '.log', '.json', '.xml'];
const MAKEFILE_ENDINGS = ['Makefile', 'Makefile.inc'];
const C_EXTENSIONS = new Set(['.c', '.cc', '.cp', '.cpp', '.cxx', '.c++', '.h', '.hh', '.s', '.asm', '.hpp', '.hxx', '.h++', '.i', '.ii', '.m']);
const JAVA_ENDINGS = ['.java', '.aj', '.jad', '.ajt'];
const MEDIA_MIMES = ['image', 'picture', 'audio', 'video', 'graphic', 'sound'];
const MEDIA_TYPES = [
  'image data',
  'graphics image',
  'ms-windows metafont .wmf',
  'windows enhanced metafile',
  'png image',
  'interleaved image',
  'microsoft asf',
  'image text',
  'photoshop image',
  'shop pro image',
  'ogg data',
  'vorbis',
  'mpeg',
  'theora',
  'bitmap',
  'audio',
  'video',
  'sound',
  'riff',
  'icon',
  'pc bitmap',
  'netpbm',
];
const PACKAGE_EXTENSIONS = ['.jar', '.war', '.ear', '.zip', '.whl', '.egg'];
const OFFICE_EXTENSIONS = ['.doc', '.docx', '.xlsx', '.ppt', '.pptx'];

export interface TypeFlags {
  is_archive: boolean;
  is_media: boolean;
  is_source: boolean;
  is_script: boolean;
  programming_language: string | null;
}

/**
 * Returns typecode's derived flags for a file from its name, libmagic strings, binary verdict and first
 * bytes: the same rules ScanCode applies, so downstream steps see the same archives, media and sources.
 */
export function typeFlags(name: string, fileType: string, mimeType: string, isBinary: boolean, head: Buffer): TypeFlags {
  const ft = fileType.toLowerCase();
  const lower = name.toLowerCase();
  const isText = !isBinary;
  const isMedia =
    MEDIA_MIMES.some((m) => mimeType.includes(m)) ||
    MEDIA_TYPES.some((t) => ft.includes(t)) ||
    (ft === 'data' && mimeType === 'application/octet-stream' && lower.endsWith('.tga'));
  const isScript = isText && ft.includes('script') && !ft.includes('makefile');
  const lexer = isText && !isMedia ? pygmentsLanguage(name, head) : undefined;
  const isSource =
    isText &&
    !PLAIN_TEXT_EXTENSIONS.some((ext) => name.endsWith(ext)) &&
    !MAKEFILE_ENDINGS.some((end) => name.endsWith(end)) &&
    !(name.endsWith('.js.map') || name.endsWith('.css.map')) &&
    (JAVA_ENDINGS.some((end) => lower.endsWith(end)) ||
      C_EXTENSIONS.has(extensionOf(name, true).toLowerCase()) ||
      lexer !== undefined ||
      isScript);
  return {
    is_archive: isText ? false : isArchiveType(lower, ft, head),
    is_media: isMedia,
    is_source: isSource,
    is_script: isScript,
    programming_language: isSource ? (lexer ?? null) : null,
  };
}

function pygmentsLanguage(name: string, head: Buffer): string | undefined {
  const byName = languageForName(name);
  if (byName !== undefined) {
    return byName;
  }
  // Content is only consulted when the name has no extension at all.
  if (extensionOf(name, true) !== '') {
    return undefined;
  }
  return languageFromContent(head.toString('utf8', 0, Math.min(head.length, 4096)));
}

function isArchiveType(lower: string, ft: string, head: Buffer): boolean {
  if (ft.startsWith('gem image data')) {
    return false;
  }
  const isPackage =
    ft.includes('debian binary package') ||
    ft.startsWith('rpm ') ||
    (ft === 'posix tar archive' && lower.endsWith('.gem')) ||
    ((ft.startsWith('zip archive') || ft.startsWith('java archive')) && PACKAGE_EXTENSIONS.some((e) => lower.endsWith(e)));
  const isOffice = OFFICE_EXTENSIONS.some((e) => lower.endsWith(e)) || (ft.startsWith('microsoft') && ft.endsWith('2007+'));
  const isCompressed =
    ft.includes('(zip)') ||
    ft.startsWith('zip archive') ||
    ft.startsWith('java archive') ||
    isPackage ||
    ft.includes('squashfs filesystem') ||
    ft.includes('compressed') ||
    (isOffice && lower.endsWith('x'));
  return (
    isCompressed ||
    ft.includes('archive') ||
    ft.includes('squashfs filesystem') ||
    (isOffice && ft.endsWith('2007+')) ||
    kindFromHead(head, lower) !== undefined
  );
}
