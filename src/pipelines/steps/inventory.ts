import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inventoryKind, readInventory } from '../../pipes/sbom/inventory';
import { readXlsxInventory } from '../../pipes/sbom/inventory-xlsx';
import type { ImportDependency, ImportPackage, ImportRelation, StepContext } from '../context';
import type { PipelineStep } from '../pipeline';
import { collectLicenseDetectionsStep } from './licenses';
import { NdjsonWriter, readNdjson } from './ndjson';

type Step = PipelineStep<StepContext>;

const BATCH = 1000;

function inventoryInputs(ctx: StepContext): string[] {
  return (existsSync(ctx.paths.input) ? readdirSync(ctx.paths.input) : []).filter((name) => /\.(json|xlsx)$/i.test(name)).sort();
}

/** The JSON and XLSX scan results among the inputs. */
async function getInputs(ctx: StepContext): Promise<void> {
  const inputs = inventoryInputs(ctx);
  if (inputs.length === 0) {
    throw new Error('No inventory found among the inputs: load_inventory reads ScanCode-toolkit and ScanCode.io JSON results (*.json) and ScanCode.io XLSX results (*.xlsx).');
  }
  await ctx.log(`Inventory inputs: ${inputs.join(', ')}`);
}

/**
 * Rows from each JSON result: license detections, packages and resources as they stream by;
 * resource links, dependencies and relations once every row they point at exists. A malformed
 * result fails the run naming the place, and the rows already written are taken back.
 */
async function buildInventoryFromScans(ctx: StepContext): Promise<void> {
  const inputs = inventoryInputs(ctx);
  const mark = await ctx.imports.mark();
  const dir = join(ctx.paths.tmp, 'inventory');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const headers: Record<string, unknown> = {};
  let sawLicenses = false;
  try {
    for (const name of inputs) {
      const file = join(ctx.paths.input, name);
      const isXlsx = /\.xlsx$/i.test(name);
      const kind = isXlsx ? 'xlsx' : await inventoryKind(file);
      const links = new NdjsonWriter(join(dir, 'links.ndjson'));
      const dependencies = new NdjsonWriter(join(dir, 'dependencies.ndjson'));
      const relations = new NdjsonWriter(join(dir, 'relations.ndjson'));
      const counts = { resources: 0, packages: 0, licenses: 0 };
      let packages: ImportPackage[] = [];
      let resources: Record<string, unknown>[] = [];
      let licenses: Record<string, unknown>[] = [];
      const flush = async () => {
        await ctx.imports.insertLicenseDetections(licenses);
        await ctx.imports.insertPackages(packages);
        await ctx.imports.insertResources(resources);
        licenses = [];
        packages = [];
        resources = [];
      };
      try {
        for await (const event of kind === 'xlsx' ? readXlsxInventory(file) : readInventory(file, kind)) {
          if (ctx.signal.aborted) {
            return;
          }
          switch (event.kind) {
            case 'header':
              headers[name] = event.header.extra_data ?? {};
              break;
            case 'license':
              sawLicenses = true;
              licenses.push(event.record);
              counts.licenses++;
              break;
            case 'package':
              packages.push({ package_uid: event.package_uid, record: event.record });
              counts.packages++;
              break;
            case 'resource':
              resources.push(event.record);
              counts.resources++;
              for (const uid of event.for_packages) {
                await links.write({ path: event.record.path, package_uid: uid });
              }
              break;
            case 'dependency':
              await dependencies.write({ record: event.record, for_package_uid: event.for_package_uid, resolved_to_package_uid: event.resolved_to_package_uid, datafile_path: event.datafile_path } satisfies ImportDependency);
              break;
            case 'relation':
              await relations.write({ from_path: event.from_path, to_path: event.to_path, map_type: event.map_type, extra_data: event.extra_data } satisfies ImportRelation);
              break;
          }
          if (licenses.length + packages.length + resources.length >= BATCH) {
            await flush();
          }
        }
        await flush();
      } finally {
        await Promise.all([links.close(), dependencies.close(), relations.close()]);
      }
      let linked = 0;
      for await (const batch of readNdjson<{ path: string; package_uid: string }>(links.file, BATCH)) {
        linked += await ctx.imports.linkResources(batch);
      }
      let dependencyCount = 0;
      let unresolved = 0;
      for await (const batch of readNdjson<ImportDependency>(dependencies.file, BATCH)) {
        // A dependency whose package is not in the result is kept without that link, as the result says nothing more.
        const missing = await ctx.imports.insertDependencies(batch);
        const retried = missing.map((d) => ({ ...d, for_package_uid: null, resolved_to_package_uid: null }));
        await ctx.imports.insertDependencies(retried);
        unresolved += missing.length;
        dependencyCount += batch.length;
      }
      let relationCount = 0;
      for await (const batch of readNdjson<ImportRelation>(relations.file, BATCH)) {
        relationCount += await ctx.imports.insertRelations(batch);
      }
      rmSync(links.file, { force: true });
      rmSync(dependencies.file, { force: true });
      rmSync(relations.file, { force: true });
      await ctx.log(
        `${name} (${kind}): ${counts.resources} resources, ${counts.packages} packages (${linked} resource links), ${dependencyCount} dependencies` +
          `${unresolved ? ` (${unresolved} naming packages not in the result)` : ''}, ${counts.licenses} license detections, ${relationCount} relations`,
      );
    }
  } catch (error) {
    await ctx.imports.rollback(mark);
    await ctx.log('The rows created from the inventories were deleted');
    throw error;
  }
  if (!sawLicenses) {
    // Results without a license_detections section (ScanCode.io's and Scanloom's JSON): rebuild them from the rows.
    await collectLicenseDetectionsStep.run(ctx);
  }
  // One input: its header extra_data is merged into the project's; several: one key per input file.
  const values = Object.values(headers);
  await ctx.updateProjectExtraData(inputs.length === 1 && values[0] && typeof values[0] === 'object' ? (values[0] as Record<string, unknown>) : headers);
}

export const getInputsStep: Step = { name: 'get_inputs', summary: "Locate all the supported input files from the project's input/ directory.", run: getInputs };
export const buildInventoryFromScansStep: Step = {
  name: 'build_inventory_from_scans',
  summary: 'Process JSON scan results files to populate codebase resources and packages.',
  run: buildInventoryFromScans,
};
