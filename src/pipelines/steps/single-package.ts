import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractArchive, isArchive } from '../../pipes/extract';
import { hashFile } from '../../pipes/fileinfo';
import { summarizeCodebase } from '../../pipes/packages/summary';
import type { StepContext } from '../context';
import type { PipelineStep } from '../pipeline';
import { collectResourcesStep, flagEmptyFilesStep, flagIgnoredResourcesStep } from './codebase';
import { collectLicenseDetectionsStep } from './licenses';
import { scanForApplicationPackagesStep } from './packages';
import { scanForFilesStep } from './scan-files';

type Step = PipelineStep<StepContext>;

/** The one input file of the project; anything else fails the run as ScanCode.io does. */
function packageInput(ctx: StepContext): string {
  const inputs = fs.existsSync(ctx.paths.input)
    ? fs.readdirSync(ctx.paths.input, { withFileTypes: true }).filter((entry) => !entry.name.startsWith('.'))
    : [];
  if (inputs.length !== 1) {
    throw new Error(`Only 1 input file supported (found ${inputs.length}).`);
  }
  const [input] = inputs;
  if (!input!.isFile()) {
    throw new Error(`The input ${input!.name} is not a file: scan_single_package scans one package archive or manifest.`);
  }
  return path.join(ctx.paths.input, input!.name);
}

async function getPackageInput(ctx: StepContext): Promise<void> {
  await ctx.log(`Package input: ${path.basename(packageInput(ctx))}`);
}

/** The input's name, size and digests, stored in the project's extra_data. */
async function collectInputInformation(ctx: StepContext): Promise<void> {
  const input = packageInput(ctx);
  const hashed = hashFile(input, 0, true);
  await ctx.updateProjectExtraData({
    filename: path.basename(input),
    size: fs.statSync(input).size,
    md5: hashed.digests?.md5 ?? null,
    sha1: hashed.digests?.sha1 ?? null,
    sha256: hashed.digests?.sha256 ?? null,
    sha512: hashed.digests?.sha512 ?? null,
    sha1_git: hashed.digests?.sha1_git ?? null,
  });
}

/** An archive is extracted one level into codebase/; any other file is copied there. */
async function extractInputToCodebaseDirectory(ctx: StepContext): Promise<void> {
  const input = packageInput(ctx);
  fs.mkdirSync(ctx.paths.codebase, { recursive: true });
  if (!(await isArchive(input))) {
    fs.copyFileSync(input, path.join(ctx.paths.codebase, path.basename(input)));
    await ctx.log(`${path.basename(input)} is not an archive: copied to codebase/`);
    return;
  }
  const result = await extractArchive(input, ctx.paths.codebase);
  for (const problem of result.problems) {
    await ctx.addMessage({
      model: 'extract_input_to_codebase_directory',
      severity: problem.severity,
      description: `${path.basename(input)}: ${problem.message}`,
      details: { resource_path: path.basename(input), ...(problem.entry ? { entry: problem.entry } : {}), kind: problem.kind },
    });
  }
  await ctx.log(`${path.basename(input)} extracted to codebase/`);
}

/**
 * The scan of codebase/: inventory, then package data and assembly, then licenses,
 * copyrights, emails and urls, stored as the scan goes.
 */
async function runScan(ctx: StepContext): Promise<void> {
  for (const step of [collectResourcesStep, flagEmptyFilesStep, flagIgnoredResourcesStep, scanForApplicationPackagesStep, scanForFilesStep]) {
    if (ctx.signal.aborted) {
      return;
    }
    await ctx.log(`run_scan: ${step.name}`);
    await step.run(ctx);
  }
}

/** The scan already stored resources and packages; what is left is the unique license detections. */
async function loadInventoryFromToolkitScan(ctx: StepContext): Promise<void> {
  await ctx.log('Resources, packages and dependencies were stored by run_scan; creating the unique license detections');
  await collectLicenseDetectionsStep.run(ctx);
}

interface DetectionMatch {
  license_expression: string;
  start_line: number;
  end_line: number;
}

/** The summary: declared license and holder, clarity score, tallies, license matches and key files. */
async function makeSummaryFromScanResults(ctx: StepContext): Promise<void> {
  const inputs = await ctx.packages.summaryInputs(ctx.paths.codebase);
  const summary = summarizeCodebase(inputs.files, inputs.packages);
  const licenseMatches: Record<string, Record<string, unknown[]>> = {};
  for (const file of inputs.files) {
    if (!file.detected_license_expression || file.license_detections.length === 0) {
      continue;
    }
    const lines = readLines(path.join(ctx.paths.codebase, file.path));
    const byPath = (licenseMatches[file.detected_license_expression] ??= {});
    byPath[file.path] = file.license_detections.map((detection) => ({
      license_expression: detection.license_expression,
      identifier: (detection as { identifier?: string }).identifier ?? '',
      matches: (detection.matches as unknown as DetectionMatch[])
        .filter((m) => detection.license_expression.includes(m.license_expression))
        .map((m) => ({ license_expression: m.license_expression, matched_text: lines.slice(m.start_line - 1, m.end_line).join('\n') })),
    }));
  }
  const document = {
    ...summary,
    license_matches: licenseMatches,
    key_files: inputs.keyFiles,
    key_files_packages: inputs.keyFilesPackages,
  };
  fs.mkdirSync(ctx.paths.output, { recursive: true });
  const file = path.join(ctx.paths.output, `summary-${timestamp()}.json`);
  fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  await ctx.log(`Summary written to output/${path.basename(file)}: license clarity score ${summary.license_clarity_score.score}`);
}

function readLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}

/** ScanCode.io's output file stamp: YYYY-MM-DD-HH-MM-SS (UTC here). */
function timestamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');
}

export const getPackageInputStep: Step = {
  name: 'get_package_input',
  summary: "Locate the package input in the project's input/ directory.",
  run: getPackageInput,
};
export const collectInputInformationStep: Step = {
  name: 'collect_input_information',
  summary: 'Collect and store information about the project input.',
  run: collectInputInformation,
};
export const extractInputToCodebaseDirectoryStep: Step = {
  name: 'extract_input_to_codebase_directory',
  summary: 'Copy or extract input to project codebase/ directory.',
  run: extractInputToCodebaseDirectory,
};
export const runScanStep: Step = { name: 'run_scan', summary: 'Scan extracted codebase/ content.', run: runScan };
export const loadInventoryFromToolkitScanStep: Step = {
  name: 'load_inventory_from_toolkit_scan',
  summary: 'Process a JSON Scan results to populate codebase resources and packages.',
  run: loadInventoryFromToolkitScan,
};
export const makeSummaryFromScanResultsStep: Step = {
  name: 'make_summary_from_scan_results',
  summary: 'Build a summary from the JSON scan results.',
  run: makeSummaryFromScanResults,
};
