import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildPurl } from '../../pipes/packages/purl';
import { detectSbom, readSbom, type SbomPackage } from '../../pipes/sbom';
import type { ImportDependency, ImportMark, StepContext } from '../context';
import type { PipelineStep } from '../pipeline';
import { NdjsonWriter, readNdjson } from './ndjson';

type Step = PipelineStep<StepContext>;

const BATCH = 1000;
/** Past this many, unresolved dependency references are counted in one message instead of one each. */
const MAX_MISSING_MESSAGES = 50;

interface StoredPackage {
  path: string;
  package: SbomPackage;
}
interface StoredDependency {
  path: string;
  from: string;
  to: string;
}
interface StoredVulnerability {
  path: string;
  ref: string;
  advisory: Record<string, unknown>;
}

const workDir = (ctx: StepContext) => join(ctx.paths.tmp, 'sboms');
const dataFile = (ctx: StepContext, name: string) => join(workDir(ctx), name);

/** Every resource still to process that is a CycloneDX or SPDX document becomes `application-package`. */
async function getSbomInputs(ctx: StepContext): Promise<void> {
  let found = 0;
  for await (const batch of ctx.resources.unscannedFiles(2000)) {
    const sboms: string[] = [];
    for (const { path } of batch) {
      if (await detectSbom(join(ctx.paths.codebase, path))) {
        sboms.push(path);
      }
    }
    found += await ctx.resources.setStatuses(sboms.map((path) => ({ path, status: 'application-package' })));
  }
  if (found === 0) {
    throw new Error(
      'No SBOM found among the inputs. load_sbom reads CycloneDX (JSON or XML, 1.2 to 1.7) and SPDX (2.2 or 2.3: JSON, YAML or tag-value) ' +
        'documents, recognised by their names (*.cdx.json, *.cdx.xml, bom.json, *.spdx.json, *.spdx) or their content.',
    );
  }
  await ctx.log(`${found} SBOM(s) found`);
}

/**
 * Read and check every SBOM completely before anything is stored: packages, dependencies and
 * vulnerabilities go to tmp/ as NDJSON, headers to the project's `extra_data.sboms_headers`.
 * A malformed SBOM fails the run with what is wrong and where.
 */
async function getDataFromSboms(ctx: StepContext): Promise<void> {
  rmSync(workDir(ctx), { recursive: true, force: true });
  mkdirSync(workDir(ctx), { recursive: true });
  const packages = new NdjsonWriter(dataFile(ctx, 'packages.ndjson'));
  const dependencies = new NdjsonWriter(dataFile(ctx, 'dependencies.ndjson'));
  const vulnerabilities = new NdjsonWriter(dataFile(ctx, 'vulnerabilities.ndjson'));
  const headers: Record<string, unknown> = {};
  const paths = await ctx.packages.manifestPaths();
  try {
    for (const [index, path] of paths.entries()) {
      const kind = await detectSbom(join(ctx.paths.codebase, path));
      if (!kind) {
        continue;
      }
      const before = packages.count;
      for await (const event of readSbom(join(ctx.paths.codebase, path), kind, path)) {
        if (ctx.signal.aborted) {
          return;
        }
        if (event.kind === 'package') {
          await packages.write({ path, package: event.package } satisfies StoredPackage);
        } else if (event.kind === 'dependency') {
          await dependencies.write({ path, from: event.from, to: event.to } satisfies StoredDependency);
        } else if (event.kind === 'vulnerability') {
          await vulnerabilities.write({ path, ref: event.ref, advisory: event.advisory } satisfies StoredVulnerability);
        } else {
          headers[basename(path)] = event.header;
        }
      }
      const count = packages.count - before;
      if (count === 0) {
        await ctx.addMessage({ model: 'get_data_from_sboms', severity: 'warning', description: `${path}: the SBOM declares no packages`, details: { resource_path: path } });
      }
      await ctx.log(`${path} (${kind}): ${count} package(s)`);
      await ctx.progress(index + 1, paths.length);
    }
  } finally {
    await Promise.all([packages.close(), dependencies.close(), vulnerabilities.close()]);
  }
  await ctx.updateProjectExtraData({ sboms_headers: headers });
  await ctx.log(`${packages.count} package(s), ${dependencies.count} dependency relation(s) and ${vulnerabilities.count} vulnerability reference(s) read`);
}

/** Store the packages read from the SBOMs, each linked to its SBOM file; on failure nothing stays. */
async function createPackagesFromSboms(ctx: StepContext): Promise<void> {
  const mark = await ctx.imports.mark();
  writeFileSync(dataFile(ctx, 'mark.json'), JSON.stringify(mark));
  let created = 0;
  await undoOnFailure(ctx, mark, async () => {
    for await (const batch of readNdjson<StoredPackage>(dataFile(ctx, 'packages.ndjson'), BATCH)) {
      await ctx.imports.insertPackages(
        batch.map(({ path, package: pkg }) => ({ package_uid: pkg.package_uid, record: packageRecord(pkg, path), resource_paths: [path] })),
      );
      created += batch.length;
      await ctx.log(`${created} package(s) created`);
    }
    const advisories = new Map<string, unknown[]>();
    for await (const batch of readNdjson<StoredVulnerability>(dataFile(ctx, 'vulnerabilities.ndjson'), BATCH)) {
      for (const { ref, advisory } of batch) {
        advisories.set(ref, [...(advisories.get(ref) ?? []), advisory]);
      }
    }
    if (advisories.size > 0) {
      await ctx.log(`Vulnerabilities recorded on ${await ctx.imports.addVulnerabilities(advisories)} package(s)`);
    }
  });
}

/**
 * Store the dependency graph of the SBOMs (CycloneDX `dependencies`, SPDX relationships) between
 * the packages just created. A reference to no package of the project becomes an error message,
 * as in ScanCode.io; anything else failing takes back all the SBOM rows.
 */
async function createDependenciesFromSboms(ctx: StepContext): Promise<void> {
  const mark = JSON.parse(readFileSync(dataFile(ctx, 'mark.json'), 'utf8')) as ImportMark;
  const purls = new Map<string, Record<string, unknown>>();
  for await (const batch of readNdjson<StoredPackage>(dataFile(ctx, 'packages.ndjson'), BATCH)) {
    for (const { package: pkg } of batch) {
      const { type, namespace, name, version, qualifiers, subpath } = pkg.data;
      purls.set(pkg.package_uid, { type: type ?? '', namespace: namespace ?? '', name: name ?? '', version: version ?? '', qualifiers, subpath: subpath ?? '' });
    }
  }
  let created = 0;
  let missing = 0;
  await undoOnFailure(ctx, mark, async () => {
    for await (const batch of readNdjson<StoredDependency>(dataFile(ctx, 'dependencies.ndjson'), BATCH)) {
      const rows: ImportDependency[] = batch.map(({ path, from, to }) => ({
        record: dependencyRecord(purls.get(to)),
        for_package_uid: from,
        resolved_to_package_uid: to,
        datafile_path: path,
      }));
      const unresolved = await ctx.imports.insertDependencies(rows);
      created += rows.length - unresolved.length;
      for (const dependency of unresolved) {
        missing++;
        if (missing <= MAX_MISSING_MESSAGES) {
          const ref = purls.has(dependency.for_package_uid ?? '') ? dependency.resolved_to_package_uid : dependency.for_package_uid;
          await ctx.addMessage({
            model: 'create_dependencies_from_sboms',
            severity: 'error',
            description: 'Could not find resolved_to package entry',
            details: { bom_ref: ref, resource_path: dependency.datafile_path },
          });
        }
      }
    }
  });
  if (missing > MAX_MISSING_MESSAGES) {
    await ctx.addMessage({
      model: 'create_dependencies_from_sboms',
      severity: 'error',
      description: `${missing - MAX_MISSING_MESSAGES} more dependency reference(s) name no package of the SBOMs`,
    });
  }
  rmSync(workDir(ctx), { recursive: true, force: true });
  await ctx.log(`${created} dependency(ies) created${missing ? `; ${missing} reference(s) to unknown packages` : ''}`);
}

async function undoOnFailure(ctx: StepContext, mark: ImportMark, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await ctx.imports.rollback(mark);
    await ctx.log('The rows created from the SBOMs were deleted');
    throw error;
  }
}

function packageRecord(pkg: SbomPackage, path: string): Record<string, unknown> {
  const { dependencies: _dependencies, datasource_id: _datasource, purl: _purl, ...fields } = pkg.data;
  return { ...fields, filename: pkg.filename ?? '', datafile_paths: [path], datasource_ids: [] };
}

function dependencyRecord(target: Record<string, unknown> | undefined): Record<string, unknown> {
  const purl = target?.name ? buildPurl(target as never) : 'pkg:unknown/unknown';
  return {
    ...target,
    dependency_uid: `${purl}?uuid=${randomUUID()}`,
    extracted_requirement: target?.version ?? '',
    is_runtime: true,
    is_pinned: true,
    is_direct: true,
    is_optional: false,
  };
}

export const getSbomInputsStep: Step = { name: 'get_sbom_inputs', summary: 'Locate all the SBOMs among the codebase resources.', run: getSbomInputs };
export const getDataFromSbomsStep: Step = { name: 'get_data_from_sboms', summary: 'Get package data from SBOMs.', run: getDataFromSboms };
export const createPackagesFromSbomsStep: Step = {
  name: 'create_packages_from_sboms',
  summary: 'Create the packages declared in the SBOMs.',
  run: createPackagesFromSboms,
};
export const createDependenciesFromSbomsStep: Step = {
  name: 'create_dependencies_from_sboms',
  summary: 'Create the dependency relationship declared in the SBOMs.',
  run: createDependenciesFromSboms,
};
