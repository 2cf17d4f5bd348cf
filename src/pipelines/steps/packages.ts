import { statSync } from 'node:fs';
import { join } from 'node:path';
import { isDatafile, parseDatafile } from '../../pipes/packages';
import { assemblePackages, type DatafileRecord } from '../../pipes/packages/assemble';
import { treeReader } from '../../pipes/packages/inspect';
import type { DatafileScan, StepContext } from '../context';
import type { PipelineStep } from '../pipeline';

type Step = PipelineStep<StepContext>;

/** Manifests are small; installed databases (rpmdb, dpkg status) reach tens of MiB. */
const MAX_DATAFILE_SIZE = 256 * 2 ** 20;
const BATCH = 2000;

/**
 * Parse the package data of datafiles (manifests, lockfiles) among `paths`, store it on their
 * resources and return it. A file that cannot be parsed becomes a project message and
 * `scanned-with-error`; the step goes on. Files are only read, never executed.
 */
async function scanPackageData(ctx: StepContext, paths: readonly string[], model: string): Promise<DatafileRecord[]> {
  const read = treeReader(ctx.paths.codebase);
  const records: DatafileRecord[] = [];
  const scans: DatafileScan[] = [];
  for (const path of paths) {
    const size = statSync(join(ctx.paths.codebase, path), { throwIfNoEntry: false })?.size ?? 0;
    const content = size > MAX_DATAFILE_SIZE ? null : read(path);
    if (content === null) {
      const reason = size > MAX_DATAFILE_SIZE ? `file of ${size} bytes exceeds the ${MAX_DATAFILE_SIZE} bytes limit for datafiles` : 'file not readable inside the codebase';
      await ctx.addMessage({ model, severity: 'error', description: `${path}: ${reason}`, details: { resource_path: path } });
      scans.push({ path, error: reason });
      continue;
    }
    const result = parseDatafile(path, content, { readFile: read });
    for (const problem of result.problems) {
      await ctx.addMessage({
        model,
        severity: 'error',
        description: `${path}: ${problem.message}`,
        details: { resource_path: path, datasource_id: problem.datasource_id },
      });
    }
    if (result.packages.length > 0) {
      records.push({ path, packageData: result.packages });
      scans.push({ path, packageData: result.packages });
    } else if (result.problems.length > 0) {
      scans.push({ path, error: result.problems[0]!.message });
    }
  }
  await ctx.packages.savePackageData(scans);
  return records;
}

/** Datafiles among the files still to scan, parsed a batch at a time. */
async function scanUnscannedDatafiles(ctx: StepContext, model: string): Promise<DatafileRecord[]> {
  const total = await ctx.resources.countUnscannedFiles();
  const records: DatafileRecord[] = [];
  let seen = 0;
  for await (const batch of ctx.resources.unscannedFiles(BATCH)) {
    if (ctx.signal.aborted) {
      return records;
    }
    const datafiles = batch.map((r) => r.path).filter((path) => isDatafile(path));
    records.push(...(await scanPackageData(ctx, datafiles, model)));
    seen += batch.length;
    await ctx.progress(seen, total);
  }
  return records;
}

/** Assemble package data into packages and dependencies, store them, and say what was found. */
async function assembleAndSave(ctx: StepContext, records: DatafileRecord[], options: { resolve: boolean; replace: boolean }): Promise<void> {
  const assembly = assemblePackages(records, { resourcePaths: await ctx.packages.filePaths(), createResolvedPackages: options.resolve });
  for (const problem of assembly.problems) {
    await ctx.addMessage({
      model: 'assemble_package',
      severity: 'warning',
      description: `${problem.path}: ${problem.message}`,
      details: { resource_path: problem.path, datasource_id: problem.datasource_id },
    });
  }
  const saved = await ctx.packages.saveAssembly(assembly, { replace: options.replace });
  await ctx.log(`${saved.packages} package(s) and ${saved.dependencies} dependency(ies) created from ${records.length} datafile(s)`);
}

/** scan_codebase, the root filesystem and docker pipelines: package data of unscanned files, then assembly. */
async function scanForApplicationPackages(ctx: StepContext): Promise<void> {
  const records = await scanUnscannedDatafiles(ctx, 'scan_for_application_packages');
  if (ctx.signal.aborted) {
    return;
  }
  await assembleAndSave(ctx, records, { resolve: false, replace: false });
}

/** inspect_packages [StaticResolver]: assemble again with the lockfiles' resolved packages as packages. */
async function resolveStaticDependencies(ctx: StepContext): Promise<void> {
  const records = await ctx.packages.datafiles();
  await assembleAndSave(ctx, records, { resolve: true, replace: true });
  const removed = await ctx.packages.deleteIndirectDependencies();
  await ctx.log(`${removed} indirect dependency(ies) replaced by the resolved packages' own dependencies`);
}

/** resolve_dependencies: every unscanned file a datafile handler recognises becomes `application-package`. */
async function getManifestInputs(ctx: StepContext): Promise<void> {
  let found = 0;
  for await (const batch of ctx.resources.unscannedFiles(BATCH)) {
    const manifests = batch.map((r) => r.path).filter((path) => isDatafile(path));
    found += await ctx.resources.setStatuses(manifests.map((path) => ({ path, status: 'application-package' })));
  }
  if (found === 0) {
    throw new Error('No package manifest or lockfile found in the inputs: nothing to resolve.');
  }
  await ctx.log(`${found} manifest(s) and lockfile(s) found`);
}

/** resolve_dependencies [StaticResolver]: parse the manifests found by get_manifest_inputs, without assembly. */
async function scanManifests(ctx: StepContext): Promise<void> {
  const paths = await ctx.packages.manifestPaths();
  const records = await scanPackageData(ctx, paths, 'scan_for_application_packages');
  await ctx.log(`Package data read from ${records.length} of ${paths.length} manifest(s)`);
}

/** resolve_dependencies [StaticResolver]: packages and dependencies from the manifests, statically resolved. */
async function createPackagesAndDependencies(ctx: StepContext): Promise<void> {
  await resolveStaticDependencies(ctx);
}

/** Dynamic resolution asks the package registries; Scanloom never reaches the network on its own. */
function registryStep(name: string, summary: string): Step {
  return {
    name,
    summary,
    groups: ['DynamicResolver'],
    run: async (ctx) => {
      const description =
        'Dynamic dependency resolution needs the package registries (PyPI), which Scanloom does not contact; ' +
        'resolve from lockfiles with the StaticResolver group instead.';
      await ctx.addMessage({ model: 'resolve_dependencies', severity: 'warning', description });
      await ctx.log(`Step [${name}] skipped: ${description}`);
    },
  };
}

export const scanForApplicationPackagesStep: Step = {
  name: 'scan_for_application_packages',
  summary: 'Scan unknown resources for packages information.',
  run: scanForApplicationPackages,
};

export const inspectApplicationPackagesStep: Step = {
  name: 'scan_for_application_packages',
  summary: 'Scan resources for package information to add DiscoveredPackage and DiscoveredDependency objects from detected package data.',
  run: scanForApplicationPackages,
};

export const resolveDependenciesStep: Step = {
  name: 'resolve_dependencies',
  summary: 'Create packages and dependency relationships from lockfiles or manifests with pre-resolved dependencies.',
  groups: ['StaticResolver'],
  run: resolveStaticDependencies,
};

export const getManifestInputsStep: Step = {
  name: 'get_manifest_inputs',
  summary: 'Locate package manifest files with a supported package resolver.',
  run: getManifestInputs,
};

export const scanManifestsStep: Step = {
  name: 'scan_for_application_packages',
  summary: 'Scan and assemble application packages from package manifests and lockfiles.',
  groups: ['StaticResolver'],
  run: scanManifests,
};

export const createPackagesAndDependenciesStep: Step = {
  name: 'create_packages_and_dependencies',
  summary: 'Create the statically resolved packages and their dependencies in the database.',
  groups: ['StaticResolver'],
  run: createPackagesAndDependencies,
};

export const getPackagesFromManifestStep = registryStep(
  'get_packages_from_manifest',
  'Resolve package data from lockfiles/requirement files with package requirements/dependencies.',
);
export const createResolvedPackagesStep = registryStep('create_resolved_packages', 'Create the resolved packages and their dependencies in the database.');
