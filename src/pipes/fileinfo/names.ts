/**
 * Returns the extension as commoncode computes it: "" for directories and dot-files without another dot,
 * and the two-part ".tar.gz"-style extension for compressed tarballs.
 */
export function extensionOf(name: string, isFile: boolean): string {
  if (!isFile || name === '') {
    return '';
  }
  if (name.startsWith('.') && !name.slice(1).includes('.')) {
    return '';
  }
  const dot = name.lastIndexOf('.');
  if (dot <= 0) {
    return '';
  }
  const base = name.slice(0, dot);
  const extension = name.slice(dot);
  if (base.endsWith('.tar')) {
    return `.tar${extension}`;
  }
  return extension;
}

/** Returns the parent path of a POSIX relative path, "" at the top. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}
