import type { PackageData } from './models';

// Which datafile anchors a package when several sit together: the first in this list.
export const PRIMARY_ORDER = [
  'npm_package_json',
  'pypi_wheel_metadata',
  'pypi_editable_egg_pkginfo',
  'pypi_egg_pkginfo',
  'pypi_sdist_pkginfo',
  'pypi_pyproject_toml',
  'pypi_poetry_pyproject_toml',
  'pypi_setup_cfg',
  'pypi_setup_py',
  'maven_pom',
  'java_jar_manifest',
  'java_osgi_manifest',
  'go_mod',
  'cargo_toml',
  'gemspec',
  'gem_gemspec_installed_specifications',
  'php_composer_json',
  'pubspec_yaml',
  'cocoapods_podspec_json',
  'nuget_nupsec',
  'conda_meta_yaml',
  'debian_installed_status_db',
];

// Ecosystems whose sibling datafiles merge into one package (ScanCode assemble_from_many_datafiles).
const SIBLING_TYPES = new Set([
  'npm',
  'pypi',
  'golang',
  'cargo',
  'composer',
  'pubspec',
  'gem',
  'cocoapods',
  'nuget',
  'conda',
]);

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Returns the key of the package a datafile belongs to: its directory for sibling ecosystems. */
export function groupKeyOf(path: string, data: PackageData): string {
  // An installed Debian package and its /usr/share/doc/<name>/copyright file are one package.
  if (
    data.datasource_id === 'debian_installed_status_db' ||
    data.datasource_id === 'debian_copyright_in_package'
  ) {
    const marker =
      data.datasource_id === 'debian_installed_status_db' ? 'var/lib/dpkg/status' : 'usr/share/doc/';
    return `deb:${path.slice(0, path.lastIndexOf(marker))}:${data.name ?? path}`;
  }
  const metaInf = path.indexOf('/META-INF/');
  if ((data.type === 'maven' || data.type === 'jar' || data.type === 'osgi') && metaInf >= 0) {
    // A jar's pom.xml (META-INF/maven/g/a/pom.xml) and MANIFEST.MF describe the same package.
    return `maven:${path.slice(0, metaInf)}`;
  }
  if (data.type && SIBLING_TYPES.has(data.type)) {
    return `${data.type}:${dirOf(path)}`;
  }
  return `file:${path}`;
}

const INSTALLED_DB_SUFFIX: Record<string, string | undefined> = {
  debian_installed_status_db: 'var/lib/dpkg/status',
  alpine_installed_db: 'lib/apk/db/installed',
  rpm_installed_database_sqlite: 'var/lib/rpm/rpmdb.sqlite',
};

// One lookup set per codebase listing, shared by every installed package of a database.
const pathSets = new WeakMap<string[], Set<string>>();

function pathSet(paths: string[]): Set<string> {
  let set = pathSets.get(paths);
  if (!set) {
    set = new Set(paths);
    pathSets.set(paths, set);
  }
  return set;
}

function under(dir: string, paths: string[], exclude?: RegExp): string[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  return paths.filter(
    (p) => (p === dir || p.startsWith(prefix)) && !(exclude && exclude.test(p.slice(prefix.length))),
  );
}

/** Returns the resource paths a package owns, following ScanCode's per-ecosystem assemblers. */
export function ownedResources(
  anchorPath: string,
  data: PackageData,
  datafilePaths: string[],
  resourcePaths: string[] | undefined,
): string[] {
  const all = resourcePaths ?? [];
  const owned = new Set(datafilePaths);
  const dir = dirOf(anchorPath);
  const dbSuffix = INSTALLED_DB_SUFFIX[data.datasource_id];
  if (data.datasource_id === 'pypi_wheel_metadata' || dbSuffix) {
    // Installed packages own the files their RECORD, md5sums or apk db list, relative to site-packages or the root.
    const base = dbSuffix
      ? anchorPath.slice(0, anchorPath.length - dbSuffix.length).replace(/\/$/, '')
      : dirOf(dir);
    const known = pathSet(all);
    for (const ref of data.file_references) {
      const candidate = [base, ref.path.replace(/^\/+/, '')].filter(Boolean).join('/');
      if (known.has(candidate)) {
        owned.add(candidate);
      }
    }
  } else if (data.type === 'npm') {
    under(dir, all, /(^|\/)node_modules(\/|$)/).forEach((p) => owned.add(p));
  } else if (anchorPath.includes('/META-INF/')) {
    under(anchorPath.slice(0, anchorPath.indexOf('/META-INF/')), all).forEach((p) => owned.add(p));
  } else if (data.type && (SIBLING_TYPES.has(data.type) || data.type === 'maven')) {
    under(dir, all).forEach((p) => owned.add(p));
  }
  return [...owned];
}

/** Returns the directory whose whole tree a package owns, or null when it owns listed files only. */
export function subtreeRoot(anchorPath: string, data: PackageData): string | null {
  if (data.datasource_id === 'pypi_wheel_metadata' || INSTALLED_DB_SUFFIX[data.datasource_id]) {
    return null;
  }
  if (anchorPath.includes('/META-INF/')) {
    return anchorPath.slice(0, anchorPath.indexOf('/META-INF/'));
  }
  if (data.type && (SIBLING_TYPES.has(data.type) || data.type === 'maven')) {
    return dirOf(anchorPath);
  }
  return null;
}

/** Drops, for each resource, subtree owners that are ancestors of a deeper owner (nested and workspace packages). */
export function keepDeepestOwners(forPackages: Map<string, string[]>, roots: Map<string, string>): void {
  for (const [path, uids] of forPackages) {
    const subtree = uids.filter((u) => roots.has(u));
    if (subtree.length < 2) {
      continue;
    }
    const deepest = Math.max(...subtree.map((u) => (roots.get(u) ?? '').length));
    forPackages.set(
      path,
      uids.filter((u) => !roots.has(u) || (roots.get(u) ?? '').length === deepest),
    );
  }
}
