import { extensionOf } from './names';

const LEGAL_WORDS = [
  'copying',
  'copyright',
  'copyrights',
  'copyleft',
  'notice',
  'license',
  'licenses',
  'licence',
  'licences',
  'licensing',
  'licencing',
  'legal',
  'eula',
  'agreement',
  'patent',
  'patents',
];

/** Path endings of manifests, as summarycode/classify.py lists them (compared on the lower-cased path). */
const MANIFEST_ENDINGS = [
  '.about',
  '/bower.json',
  '/project.clj',
  '.podspec',
  '/composer.json',
  '/description',
  '/elm-package.json',
  '/+compact_manifest',
  '+manifest',
  '.gemspec',
  '/metadata',
  '/metadata.gz-extract',
  '/build.gradle',
  '.pom',
  '/pom.xml',
  '.cabal',
  '/haxelib.json',
  '/package.json',
  '.nuspec',
  '.pod',
  '/meta.yml',
  '/dist.ini',
  '/pipfile',
  '/setup.cfg',
  '/setup.py',
  // Mixed case in ScanCode too, so it never matches the lower-cased path; kept for fidelity.
  '/PKG-INFO',
  '/pyproject.toml',
  '.spec',
  '/cargo.toml',
  '.spdx',
  '/dependencies',
  'debian/copyright',
  'meta-inf/manifest.mf',
];

export interface Classification {
  is_legal: boolean;
  is_readme: boolean;
  is_manifest: boolean;
  is_top_level: boolean;
  is_key_file: boolean;
}

/** Returns true for license, copyright, notice and similar legal files, by name. */
export function isLegal(name: string, isFile = true): boolean {
  return startsOrEndsWith(name, isFile, LEGAL_WORDS);
}

/** Returns true for README files, by name. */
export function isReadme(name: string, isFile = true): boolean {
  return startsOrEndsWith(name, isFile, ['readme']);
}

/**
 * Returns true when the path looks like a package manifest. ScanCode also counts any resource with
 * package data as a manifest; the package scan sets that part.
 */
export function isManifest(path: string): boolean {
  const lower = `/${path}`.toLowerCase();
  return MANIFEST_ENDINGS.some((ending) => lower.endsWith(ending));
}

/**
 * Returns the depth of ScanCode's "real root" below the walked root: go down while a folder holds a
 * single entry that is itself a folder (so a tree that is all under "package/" is rooted there).
 */
export function realRootDepth(resources: Iterable<{ path: string; type: string }>): number {
  const children = new Map<string, Array<{ path: string; type: string }>>();
  for (const r of resources) {
    const parent = r.path.includes('/') ? r.path.slice(0, r.path.lastIndexOf('/')) : '';
    const list = children.get(parent) ?? [];
    list.push(r);
    children.set(parent, list);
  }
  let depth = 0;
  let current = '';
  for (;;) {
    const list = children.get(current) ?? [];
    const only = list[0];
    if (list.length !== 1 || only === undefined || only.type !== 'directory') {
      return depth;
    }
    current = only.path;
    depth++;
  }
}

/** Returns the classification flags of one resource, given the depth of the codebase's real root. */
export function classifyResource(path: string, type: string, rootDepth: number): Classification {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const isFile = type === 'file';
  const depth = path === '' ? 0 : path.split('/').length;
  const flags = {
    is_legal: isLegal(name, isFile),
    is_readme: isReadme(name, isFile),
    is_manifest: isManifest(path),
    is_top_level: depth - rootDepth < 2,
  };
  return { ...flags, is_key_file: flags.is_top_level && (flags.is_legal || flags.is_readme || flags.is_manifest) };
}

/**
 * Returns the resources with ScanCode's classification flags set (is_legal, is_readme, is_manifest,
 * is_top_level, is_key_file), computing the real root over the whole list.
 */
export function classify<T extends { path: string; type: string }>(resources: T[]): Array<T & Classification> {
  const depth = realRootDepth(resources);
  return resources.map((r) => ({ ...r, ...classifyResource(r.path, r.type, depth) }));
}

function startsOrEndsWith(name: string, isFile: boolean, words: string[]): boolean {
  const lower = name.toLowerCase();
  const ext = extensionOf(name, isFile);
  const base = (ext === '' ? name : name.slice(0, -ext.length)).toLowerCase();
  return words.some((w) => lower.startsWith(w) || lower.endsWith(w) || base.startsWith(w) || base.endsWith(w));
}
