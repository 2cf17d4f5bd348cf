import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { extractArchive } from '../../pipes/extract';
import { walkCodebase } from '../../pipes/fileinfo';
import { parseDatafile } from '../../pipes/packages';
import { treeReader } from '../../pipes/packages/inspect';
import type { FileReference, PackageData } from '../../pipes/packages/models';
import { detectDistro, findRootfs, SUPPORTED_DISTROS, type Distro } from '../../pipes/rootfs/distro';
import type { ImportPackage, RootfsResource, StepContext } from '../context';
import type { PipelineStep } from '../pipeline';

type Step = PipelineStep<StepContext>;

/** A root filesystem of the codebase, as the steps hand it on in tmp/roots.json. */
export interface RootRecord {
  /** Codebase-relative folder of the root ("" never: each root lives in its own folder). */
  root: string;
  /** The input or image it came from. */
  name: string;
  distro: Distro | null;
  /** tmp/ file mapping codebase paths to the layer tag of the layer that wrote them (images only). */
  layerTags?: string;
}

const INSTALLED_DATABASES = ['var/lib/dpkg/status', 'lib/apk/db/installed', 'var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite'];
const UNINTERESTING = ['/tmp/', '/etc/', '/proc/', '/dev/', '/run/', '/lib/apk/db/'];
const BATCH = 500;

export const rootsFile = (ctx: StepContext) => join(ctx.paths.tmp, 'roots.json');

export function readRoots(ctx: StepContext): RootRecord[] {
  return existsSync(rootsFile(ctx)) ? (JSON.parse(readFileSync(rootsFile(ctx), 'utf8')) as RootRecord[]) : [];
}

export function writeRoots(ctx: StepContext, roots: RootRecord[]): void {
  mkdirSync(ctx.paths.tmp, { recursive: true });
  writeFileSync(rootsFile(ctx), JSON.stringify(roots));
}

/** Each input archive is extracted one level into codebase/<name>-extract/, absolute links kept inside. */
async function extractInputFiles(ctx: StepContext): Promise<void> {
  const inputs = existsSync(ctx.paths.input) ? readdirSync(ctx.paths.input).filter((name) => !name.startsWith('.')) : [];
  if (inputs.length === 0) {
    throw new Error('No input: give the root filesystem as an archive (tar, tar.gz, tar.xz, zip...).');
  }
  for (const name of inputs) {
    const source = join(ctx.paths.input, name);
    if (statSync(source).isDirectory()) {
      // A root filesystem given as a folder (the command line's directory input) is copied as it is.
      cpSync(source, join(ctx.paths.codebase, name), { recursive: true, verbatimSymlinks: true });
      await ctx.log(`${name}: folder copied to codebase/`);
      continue;
    }
    const result = await extractArchive(source, join(ctx.paths.codebase, `${name}-extract`), {}, { rootfs: true });
    for (const problem of result.problems) {
      await ctx.addMessage({
        model: 'extract_archive',
        severity: problem.severity,
        description: `${name}: ${problem.message}`,
        details: { path: `input/${name}`, ...(problem.entry ? { entry: problem.entry } : {}), kind: problem.kind },
      });
    }
    await ctx.log(`${name}: ${result.extracted} entries extracted${result.problems.length ? `, ${result.problems.length} problem(s) recorded as messages` : ''}`);
  }
}

/** Each folder of codebase/ holds one root filesystem: found by its os-release, possibly a few levels down. */
async function findRootFilesystems(ctx: StepContext): Promise<void> {
  const roots: RootRecord[] = [];
  for (const entry of readdirSync(ctx.paths.codebase, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const inside = findRootfs(join(ctx.paths.codebase, entry.name)) ?? '';
    const root = inside ? `${entry.name}/${inside}` : entry.name;
    const distro = detectDistro(join(ctx.paths.codebase, root));
    roots.push({ root, name: entry.name, distro });
    await ctx.log(`Root filesystem ${root}: ${distro?.pretty_name ?? distro?.identifier ?? 'no os-release found'}`);
  }
  if (roots.length === 0) {
    throw new Error('No root filesystem found in the codebase: the inputs extracted to no folder.');
  }
  writeRoots(ctx, roots);
}

async function collectRootfsInformation(ctx: StepContext): Promise<void> {
  await ctx.updateProjectExtraData({ root_filesystems: readRoots(ctx).map((r) => ({ name: r.name, path: r.root, distro: r.distro })) });
}

/** Resources with their path inside their root filesystem (`rootfs_path`) and, for images, their layer tag. */
async function collectRootfsResources(ctx: StepContext): Promise<void> {
  const roots = readRoots(ctx).sort((a, b) => b.root.length - a.root.length);
  const tags = new Map<string, Record<string, string>>();
  for (const root of roots) {
    if (root.layerTags) {
      tags.set(root.root, JSON.parse(readFileSync(root.layerTags, 'utf8')) as Record<string, string>);
    }
  }
  let created = 0;
  for await (const batch of walkCodebase(ctx.paths.codebase, { sha512: true })) {
    if (ctx.signal.aborted) {
      return;
    }
    await ctx.imports.insertResources(
      batch.map((record) => {
        const { error, ...fields } = record;
        const root = roots.find((r) => record.path === r.root || record.path.startsWith(`${r.root}/`));
        const inner = root ? record.path.slice(root.root.length + 1) : '';
        return {
          ...fields,
          extra_data: error ? { read_error: error } : {},
          rootfs_path: root && inner ? `/${inner}` : '',
          tag: (root && tags.get(root.root)?.[inner]) ?? '',
        };
      }),
    );
    created += batch.length;
    await ctx.log(`${created} resources collected so far`);
  }
  await ctx.log(`${created} codebase resources created`);
}

/**
 * The installed packages of each root filesystem, from its package databases (dpkg with the
 * licenses of the copyright files, apk, rpm sqlite); the files they install are linked to them and
 * become `system-package`, those absent are `missing_resources`, those with other checksums
 * `modified_resources`. A root without a known distro is a message, not a failure.
 */
async function collectSystemPackages(ctx: StepContext): Promise<void> {
  const read = treeReader(ctx.paths.codebase);
  for (const root of readRoots(ctx)) {
    if (!root.distro) {
      await ctx.addMessage({ model: 'collect_and_create_system_packages', severity: 'error', description: `Distro not found.`, details: { path: root.root } });
      continue;
    }
    if (!SUPPORTED_DISTROS.includes(root.distro.identifier)) {
      await ctx.addMessage({
        model: 'collect_and_create_system_packages',
        severity: 'error',
        description: `Distro "${root.distro.identifier}" is not supported.`,
        details: { path: root.root },
      });
      continue;
    }
    const files = new Map<string, RootfsResource>();
    for await (const batch of ctx.imports.rootfsFiles(`${root.root}/`)) {
      batch.forEach((r) => files.set(r.rootfs_path, r));
    }
    let count = 0;
    for (const database of INSTALLED_DATABASES) {
      const path = `${root.root}/${database}`;
      const resource = files.get(`/${database}`);
      if (!resource) {
        continue;
      }
      const result = parseDatafile(path, read(path) ?? Buffer.alloc(0), { system: true, readFile: read });
      for (const problem of result.problems) {
        await ctx.addMessage({ model: 'collect_and_create_system_packages', severity: 'error', description: `${path}: ${problem.message}`, details: { resource_path: path } });
      }
      const tag = tagOf(root, database);
      for (let i = 0; i < result.packages.length; i += BATCH) {
        const packages = result.packages.slice(i, i + BATCH).map((data) => systemPackage(ctx, root, data, path, tag, files));
        await ctx.imports.insertPackages(packages);
        await ctx.resources.setStatuses(packages.flatMap((p) => (p.resource_paths ?? []).map((p2) => ({ path: p2, status: 'system-package' as const }))));
        count += packages.length;
      }
    }
    await ctx.log(`${root.root}: ${count} system package(s)`);
  }
}

function tagOf(root: RootRecord, inner: string): string {
  if (!root.layerTags) {
    return '';
  }
  return (JSON.parse(readFileSync(root.layerTags, 'utf8')) as Record<string, string>)[inner] ?? '';
}

function systemPackage(ctx: StepContext, root: RootRecord, data: PackageData, datafile: string, tag: string, files: Map<string, RootfsResource>): ImportPackage {
  const owned: string[] = [];
  const missing: string[] = [];
  const modified: string[] = [];
  for (const reference of data.file_references) {
    const resource = findInstalledFile(ctx, root, reference.path, files);
    if (!resource) {
      missing.push(normalize(reference.path));
      continue;
    }
    owned.push(resource.path);
    if (hashDiffers(reference, resource)) {
      modified.push(normalize(reference.path));
    }
  }
  const { dependencies: _dependencies, datasource_id, purl, ...fields } = data;
  return {
    package_uid: `${purl ?? data.name}?uuid=${randomUUID()}`,
    record: { ...fields, tag, datafile_paths: [datafile], datasource_ids: [datasource_id], missing_resources: missing, modified_resources: modified },
    resource_paths: [...new Set(owned)],
  };
}

function normalize(path: string): string {
  return `/${path.replace(/^\/+/, '')}`;
}

/** The resource of an installed file; through the root's own symlinks (`/bin` -> `usr/bin`) when needed. */
function findInstalledFile(ctx: StepContext, root: RootRecord, path: string, files: Map<string, RootfsResource>): RootfsResource | undefined {
  const direct = files.get(normalize(path));
  if (direct) {
    return direct;
  }
  const rootDir = join(ctx.paths.codebase, root.root);
  try {
    const real = realpathSync(join(rootDir, path));
    const realRoot = realpathSync(rootDir);
    if (!real.startsWith(`${realRoot}${sep}`) || !statSync(real).isFile()) {
      return undefined;
    }
    return files.get(`/${relative(realRoot, real).split(sep).join('/')}`);
  } catch {
    return undefined;
  }
}

/** True when the strongest checksum both sides have differs (ScanCode.io's has_hash_diff). */
function hashDiffers(reference: FileReference, resource: RootfsResource): boolean {
  for (const algorithm of ['sha512', 'sha256', 'sha1', 'md5'] as const) {
    const expected = reference[algorithm];
    const actual = resource[algorithm];
    if (expected && actual) {
      return expected.toLowerCase() !== actual.toLowerCase();
    }
  }
  return false;
}

/** Whiteouts, then files under temporary and configuration folders, are not analyzed further. */
async function flagUninteresting(ctx: StepContext): Promise<void> {
  let whiteouts = 0;
  let uninteresting = 0;
  for await (const batch of ctx.imports.rootfsFiles('')) {
    const fresh = batch.filter((r) => r.status === '');
    const wh = fresh.filter((r) => (r.path.split('/').pop() ?? '').startsWith('.wh.'));
    const other = fresh.filter((r) => !wh.includes(r) && UNINTERESTING.some((prefix) => r.rootfs_path.startsWith(prefix)));
    whiteouts += await ctx.resources.setStatuses(wh.map((r) => ({ path: r.path, status: 'ignored-whiteout' })));
    uninteresting += await ctx.resources.setStatuses(other.map((r) => ({ path: r.path, status: 'ignored-not-interesting' })));
  }
  await ctx.log(`${whiteouts} whiteout(s) and ${uninteresting} uninteresting file(s) flagged`);
}

/** A file still to analyze with the md5 and size of a system package file joins that package. */
async function matchNotAnalyzedToSystemPackages(ctx: StepContext): Promise<void> {
  const known = new Map<string, string>();
  const candidates: { path: string; key: string }[] = [];
  for await (const batch of ctx.imports.rootfsFiles('')) {
    for (const r of batch) {
      if (!r.md5 || !r.size) {
        continue;
      }
      const key = `${r.md5}:${r.size}`;
      if (r.status === 'system-package' && !known.has(key)) {
        known.set(key, r.path);
      } else if (r.status === '') {
        candidates.push({ path: r.path, key });
      }
    }
  }
  const matched = candidates.filter((c) => known.has(c.key));
  const owners = await ctx.imports.packageOfResources([...new Set(matched.map((m) => known.get(m.key)!))]);
  const links = matched.flatMap((m) => {
    const uid = owners.get(known.get(m.key)!);
    return uid ? [{ path: m.path, package_uid: uid }] : [];
  });
  await ctx.imports.linkResources(links);
  await ctx.resources.setStatuses(links.map((l) => ({ path: l.path, status: 'system-package' })));
  await ctx.log(`${links.length} file(s) matched to system packages by md5 and size`);
}

async function analyzeScannedFiles(ctx: StepContext): Promise<void> {
  const { noLicenses, unknownLicense } = await ctx.imports.analyzeScannedFiles();
  await ctx.log(`${noLicenses} file(s) with no licenses, ${unknownLicense} with an unknown license`);
}

async function flagNotAnalyzed(ctx: StepContext): Promise<void> {
  await ctx.log(`${await ctx.imports.flagNotAnalyzed()} resource(s) left not analyzed`);
}

export const extractInputFilesStep: Step = {
  name: 'extract_input_files_to_codebase_directory',
  summary: 'Extract root filesystem input archives with extractcode.',
  run: extractInputFiles,
};
export const findRootFilesystemsStep: Step = { name: 'find_root_filesystems', summary: "Find root filesystems in the project's codebase/.", run: findRootFilesystems };
export const collectRootfsInformationStep: Step = {
  name: 'collect_rootfs_information',
  summary: 'Collect and stores rootfs information on the project.',
  run: collectRootfsInformation,
};
export const collectRootfsResourcesStep: Step = {
  name: 'collect_and_create_codebase_resources',
  summary: 'Collect and label all image files as CodebaseResource.',
  run: collectRootfsResources,
};
export const collectSystemPackagesStep: Step = {
  name: 'collect_and_create_system_packages',
  summary: 'Collect installed system packages for each rootfs based on the distro.',
  run: collectSystemPackages,
};
export const flagUninterestingStep: Step = {
  name: 'flag_uninteresting_codebase_resources',
  summary: 'Flag files that do not belong to a package and are not interesting.',
  run: flagUninteresting,
};
export const matchNotAnalyzedStep: Step = {
  name: 'match_not_analyzed_to_system_packages',
  summary: 'Match files with "not-yet-analyzed" status to files already belonging to system packages.',
  run: matchNotAnalyzedToSystemPackages,
};
export const analyzeScannedFilesStep: Step = { name: 'analyze_scanned_files', summary: 'Analyze single file scan results for completeness.', run: analyzeScannedFiles };
export const flagNotAnalyzedStep: Step = {
  name: 'flag_not_analyzed_codebase_resources',
  summary: 'Check for any leftover files for sanity; there should be none.',
  run: flagNotAnalyzed,
};
