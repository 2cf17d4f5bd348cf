import { posix } from 'node:path';
import type { ExtractLimits, ExtractProblem, ProblemKind } from './types';

/** What an archive says about one entry, before anything is written. */
export interface EntryHeader {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'special';
  size: number;
  /** Unix permission bits from the archive, when it has them. */
  mode?: number;
  /** Symlink target (relative to the link's folder) or hard link target (relative to the archive root). */
  linkTarget?: string;
}

/** Below this many bytes the ratio limit does not apply: tiny archives of zeros are not bombs. */
const RATIO_FLOOR = 1024 * 1024;

/** Running totals shared by every archive of one extraction run, so nested bombs add up. */
export class Budget {
  bytes = 0;
  entries = 0;
  constructor(readonly limits: ExtractLimits) {}
}

/**
 * Decides, entry by entry, what may be written under the target folder of one archive.
 * Each refusal is recorded once as a problem; a tripped limit stops the whole archive.
 */
export class EntryGuard {
  readonly problems: ExtractProblem[] = [];
  stopped = false;
  written = 0;
  /**
   * Root filesystems and image layers: an absolute symlink target means "from the root of this
   * tree", so it is rewritten relative to the link; device files are skipped with a warning.
   */
  rootfs = false;
  private archiveBytes = 0;
  private readonly links = new Set<string>();

  constructor(
    readonly archive: string,
    private readonly archiveSize: number,
    private readonly budget: Budget,
  ) {}

  /** Returns the sanitized relative path to write the entry at, or undefined when it must be skipped. */
  admit(header: EntryHeader): string | undefined {
    if (this.stopped) {
      return undefined;
    }
    const name = header.name;
    const rel = this.sanitize(name);
    if (rel === undefined || rel === '') {
      return undefined;
    }
    if (header.type === 'special') {
      this.report('special-file', 'device files, fifos and sockets are not extracted', name, this.rootfs ? 'warning' : 'error');
      return undefined;
    }
    if (this.rootfs && header.type === 'symlink' && header.linkTarget?.startsWith('/')) {
      const target = posix.normalize(header.linkTarget).replace(/^\/+/, '');
      header.linkTarget = posix.relative(posix.dirname(rel), target) || '.';
    }
    if (this.crossesLink(rel)) {
      this.refuse('through-symlink', name, 'entry would be written through a symbolic link');
      return undefined;
    }
    if (header.type === 'symlink' && !this.linkStaysInside(rel, header.linkTarget ?? '')) {
      this.refuse('link-outside', name, `symbolic link points outside the archive: ${header.linkTarget ?? ''}`);
      return undefined;
    }
    if (header.type === 'hardlink' && this.hardLinkTarget(header.linkTarget ?? '') === undefined) {
      this.refuse('link-outside', name, `hard link points outside the archive: ${header.linkTarget ?? ''}`);
      return undefined;
    }
    if (!this.charge(header.type === 'file' ? header.size : 0, name)) {
      return undefined;
    }
    if (header.type === 'symlink') {
      this.links.add(rel);
    } else {
      this.links.delete(rel);
    }
    this.written++;
    return rel;
  }

  /** Returns the hard link target as a safe archive-relative path, or undefined when it escapes. */
  hardLinkTarget(target: string): string | undefined {
    if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) {
      return undefined;
    }
    const parts = target.replaceAll('\\', '/').split('/');
    if (parts.includes('..')) {
      return undefined;
    }
    return parts.filter((p) => p !== '' && p !== '.').join('/') || undefined;
  }

  /** Counts bytes of content whose size was not known up front; returns false once a limit trips. */
  addBytes(count: number, entry?: string): boolean {
    return this.charge(count, entry, false);
  }

  /** Records a problem that is not about limits or paths (corrupt data, missing tool). */
  report(kind: ProblemKind, message: string, entry?: string, severity: 'warning' | 'error' = 'error'): void {
    this.problems.push({ archive: this.archive, ...(entry === undefined ? {} : { entry }), kind, severity, message });
  }

  /** Stops the archive with one problem: later entries are skipped silently. */
  stop(kind: ProblemKind, message: string, entry?: string): void {
    if (!this.stopped) {
      this.stopped = true;
      this.report(kind, message, entry);
    }
  }

  private charge(size: number, name: string | undefined, countEntry = true): boolean {
    const { limits } = this.budget;
    if (countEntry && this.budget.entries + 1 > limits.maxEntries) {
      this.stop('entry-limit', `more than ${limits.maxEntries} entries`, name);
      return false;
    }
    if (this.budget.bytes + size > limits.maxTotalSize) {
      this.stop('size-limit', `extracted size would exceed ${limits.maxTotalSize} bytes`, name);
      return false;
    }
    const after = this.archiveBytes + size;
    if (after > RATIO_FLOOR && after > this.archiveSize * limits.maxRatio) {
      this.stop('ratio-limit', `extracted size would exceed ${limits.maxRatio} times the archive size`, name);
      return false;
    }
    if (countEntry) {
      this.budget.entries++;
    }
    this.budget.bytes += size;
    this.archiveBytes = after;
    return true;
  }

  private sanitize(name: string): string | undefined {
    if (name.includes('\0')) {
      this.refuse('corrupt', name, 'entry name contains a NUL byte');
      return undefined;
    }
    let path = name.replaceAll('\\', '/');
    const absolute = path.match(/^(?:[A-Za-z]:)?\/+/);
    if (absolute) {
      path = path.slice(absolute[0].length);
      this.report('absolute-path', `absolute path stripped to ${path}`, name, 'warning');
    }
    const parts = path.split('/');
    if (parts.includes('..')) {
      this.refuse('path-traversal', name, "entry path contains '..'");
      return undefined;
    }
    return parts.filter((p) => p !== '' && p !== '.').join('/');
  }

  private crossesLink(rel: string): boolean {
    if (this.links.size === 0) {
      return false;
    }
    let index = rel.indexOf('/');
    while (index !== -1) {
      if (this.links.has(rel.slice(0, index))) {
        return true;
      }
      index = rel.indexOf('/', index + 1);
    }
    return false;
  }

  /**
   * '..' is only allowed as a leading run: after it the target only descends, so even when it passes
   * through other links (which never point at the root) its real path stays under the root.
   */
  private linkStaysInside(rel: string, target: string): boolean {
    if (target === '' || target.startsWith('/') || /^[A-Za-z]:/.test(target)) {
      return false;
    }
    const parts = target.replaceAll('\\', '/').split('/').filter((p) => p !== '' && p !== '.');
    const ups = parts.findIndex((p) => p !== '..');
    const leading = ups === -1 ? parts.length : ups;
    if (parts.slice(leading).includes('..')) {
      return false;
    }
    const resolved = posix.normalize(posix.join(posix.dirname(rel), parts.join('/')));
    return resolved !== '.' && resolved !== '..' && !resolved.startsWith('../');
  }

  private refuse(kind: ProblemKind, entry: string, message: string): void {
    this.report(kind, message, entry);
  }
}
