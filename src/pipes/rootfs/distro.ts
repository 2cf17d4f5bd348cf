import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Distros whose installed package databases are read (ScanCode.io's SUPPORTED_DISTROS). */
export const SUPPORTED_DISTROS = ['alpine', 'debian', 'ubuntu', 'rhel', 'centos', 'fedora', 'sles', 'opensuse', 'opensuse-tumbleweed', 'photon', 'mariner', 'rocky'];

/** What os-release says about a root filesystem, with ScanCode.io's (container-inspector's) field names. */
export interface Distro {
  os: string;
  identifier: string;
  name: string | null;
  pretty_name: string | null;
  version_id: string | null;
  version: string | null;
  codename: string | null;
  id_like: string | null;
  home_url: string | null;
  /** From the image configuration, for container images. */
  architecture?: string | null;
}

const OS_RELEASE = ['etc/os-release', 'usr/lib/os-release'];
/** Installed package databases that mark a root filesystem even without os-release. */
const INSTALLED_DBS = ['var/lib/dpkg/status', 'lib/apk/db/installed', 'var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite'];

/** Returns the key=value pairs of an os-release file (quotes and escapes removed). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match?.[1]) {
      out[match[1]] = (match[2] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2').replace(/\\(.)/g, '$1');
    }
  }
  return out;
}

/** Returns the distro of the root filesystem at `root` from its os-release, or null when it has none. */
export function detectDistro(root: string): Distro | null {
  for (const candidate of OS_RELEASE) {
    const file = join(root, candidate);
    // A symlinked os-release (etc/os-release -> ../usr/lib/os-release) is read by the second candidate.
    if (!existsSync(file) || !lstatSync(file).isFile()) {
      continue;
    }
    const fields = parseOsRelease(readFileSync(file, 'utf8'));
    return {
      os: 'linux',
      identifier: (fields.ID ?? 'linux').toLowerCase(),
      name: fields.NAME ?? null,
      pretty_name: fields.PRETTY_NAME ?? null,
      version_id: fields.VERSION_ID ?? null,
      version: fields.VERSION ?? null,
      codename: fields.VERSION_CODENAME ?? null,
      id_like: fields.ID_LIKE ?? null,
      home_url: fields.HOME_URL ?? null,
    };
  }
  return null;
}

function looksLikeRoot(dir: string): boolean {
  return [...OS_RELEASE, ...INSTALLED_DBS].some((p) => existsSync(join(dir, p)));
}

/**
 * Returns the root filesystem inside `dir` (relative POSIX path, "" for dir itself): the shallowest
 * folder, at most `maxDepth` levels down, that has an os-release or an installed package database.
 * A tarball made from a parent folder (`rootfs/etc/...`) is found that way; null when there is none.
 */
export function findRootfs(dir: string, maxDepth = 3): string | null {
  let level = [dir];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const found = level.find(looksLikeRoot);
    if (found !== undefined) {
      return relative(dir, found).split(sep).join('/');
    }
    level = level.flatMap((d) =>
      readdirSync(d, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => join(d, e.name))
        .sort(),
    );
  }
  return null;
}
