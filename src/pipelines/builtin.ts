import type { StepContext } from './context';
import type { Pipeline, PipelineStep } from './pipeline';
import { collectResourcesStep, extractArchivesStep, flagEmptyFilesStep, flagIgnoredResourcesStep } from './steps/codebase';
import { copyInputsStep, downloadMissingInputsStep } from './steps/inputs';
import { collectLicenseDetectionsStep } from './steps/licenses';
import {
  createPackagesAndDependenciesStep,
  createResolvedPackagesStep,
  getManifestInputsStep,
  getPackagesFromManifestStep,
  inspectApplicationPackagesStep,
  resolveDependenciesStep,
  scanForApplicationPackagesStep,
  scanManifestsStep,
} from './steps/packages';
import {
  analyzeScannedFilesStep,
  collectRootfsInformationStep,
  collectRootfsResourcesStep,
  collectSystemPackagesStep,
  extractInputFilesStep,
  findRootFilesystemsStep,
  flagNotAnalyzedStep,
  flagUninterestingStep,
  matchNotAnalyzedStep,
} from './steps/rootfs';
import { collectImagesInformationStep, extractImagesStep, extractLayersStep, findImagesOsAndDistroStep } from './steps/docker';
import { buildInventoryFromScansStep, getInputsStep } from './steps/inventory';
import { scanForFilesStep } from './steps/scan-files';
import { createDependenciesFromSbomsStep, createPackagesFromSbomsStep, getDataFromSbomsStep, getSbomInputsStep } from './steps/sbom';
import {
  collectInputInformationStep,
  extractInputToCodebaseDirectoryStep,
  getPackageInputStep,
  loadInventoryFromToolkitScanStep,
  makeSummaryFromScanResultsStep,
  runScanStep,
} from './steps/single-package';
import { pendingStep } from './steps/pending';

type Step = PipelineStep<StepContext>;

// Steps shared by several pipelines, with ScanCode.io's names.
const downloadMissingInputs = downloadMissingInputsStep;
const extractArchives = extractArchivesStep;
const collectResources = collectResourcesStep;
const flagEmptyFiles = flagEmptyFilesStep;
const flagIgnoredResources = flagIgnoredResourcesStep;
const scanForApplicationPackages = scanForApplicationPackagesStep;
const scanForFiles = scanForFilesStep;
const collectLicenseDetections = collectLicenseDetectionsStep;
const collectSystemPackages = collectSystemPackagesStep;
const flagUninteresting = flagUninterestingStep;
const analyzeScannedFiles = analyzeScannedFilesStep;
const flagNotAnalyzed = flagNotAnalyzedStep;

function pipeline(name: string, summary: string, description: string, steps: Step[]): Pipeline<StepContext> {
  return { name, summary, description, steps: [downloadMissingInputs, ...steps] };
}

export const scanCodebase = pipeline(
  'scan_codebase',
  'Scan a codebase for application packages, licenses, and copyrights.',
  'This pipeline does not further scan the files contained in a package for license and copyright detection.',
  [copyInputsStep, extractArchives, collectResources, flagEmptyFiles, flagIgnoredResources, scanForApplicationPackages, scanForFiles, collectLicenseDetections],
);

export const scanSinglePackage = pipeline(
  'scan_single_package',
  'Scan a single package file or package archive with ScanCode-toolkit.',
  'The output is a summary of the scan results in JSON format.',
  [
    getPackageInputStep,
    collectInputInformationStep,
    extractInputToCodebaseDirectoryStep,
    extractArchives,
    runScanStep,
    loadInventoryFromToolkitScanStep,
    makeSummaryFromScanResultsStep,
  ],
);

export const inspectPackages = pipeline(
  'inspect_packages',
  'Inspect a codebase for packages and pre-resolved dependencies.',
  'This pipeline only reports packages and dependencies from manifests and lockfiles; it does not scan files for licenses.',
  [
    copyInputsStep,
    extractArchives,
    collectResources,
    flagEmptyFiles,
    flagIgnoredResources,
    pendingStep('scan_binaries_for_package', 'Scan compiled binaries for package information.', ['Compiled']),
    inspectApplicationPackagesStep,
    resolveDependenciesStep,
  ],
);

export const resolveDependencies = pipeline(
  'resolve_dependencies',
  'Resolve dependencies from package manifests and lockfiles.',
  'Static resolution links lockfile-resolved packages; dynamic resolution needs the package registries.',
  [
    copyInputsStep,
    extractArchives,
    collectResources,
    flagIgnoredResources,
    getManifestInputsStep,
    scanManifestsStep,
    createPackagesAndDependenciesStep,
    getPackagesFromManifestStep,
    createResolvedPackagesStep,
  ],
);

export const loadInventory = pipeline(
  'load_inventory',
  'Load JSON/XLSX inventory files generated with ScanCode-toolkit or ScanCode.io.',
  'Supported format are ScanCode-toolkit JSON scan results, ScanCode.io JSON output, and ScanCode.io XLSX output.',
  [
    getInputsStep,
    buildInventoryFromScansStep,
  ],
);

export const loadSbom = pipeline(
  'load_sbom',
  'Load package data from one or more SBOMs.',
  'Supported SBOMs: SPDX document and CycloneDX BOM. Other formats: AboutCode .ABOUT files for a single package.',
  [
    copyInputsStep,
    extractArchives,
    collectResources,
    flagEmptyFiles,
    flagIgnoredResources,
    getSbomInputsStep,
    getDataFromSbomsStep,
    createPackagesFromSbomsStep,
    createDependenciesFromSbomsStep,
  ],
);

export const analyzeRootFilesystem = pipeline(
  'analyze_root_filesystem_or_vm_image',
  'Analyze a Linux root filesystem, also known as rootfs.',
  'Root filesystems are found as archives or VM images among the inputs.',
  [
    extractInputFilesStep,
    findRootFilesystemsStep,
    collectRootfsInformationStep,
    collectRootfsResourcesStep,
    collectSystemPackages,
    flagUninteresting,
    flagEmptyFiles,
    flagIgnoredResources,
    scanForApplicationPackages,
    matchNotAnalyzedStep,
    scanForFiles,
    collectLicenseDetections,
    analyzeScannedFiles,
    flagNotAnalyzed,
  ],
);

export const analyzeDockerImage = pipeline(
  'analyze_docker_image',
  'Analyze Docker images.',
  'Images are tarballs in `docker save` layout or OCI image layout.',
  [
    extractImagesStep,
    extractLayersStep,
    findImagesOsAndDistroStep,
    collectImagesInformationStep,
    collectRootfsResourcesStep,
    collectSystemPackages,
    flagUninteresting,
    flagEmptyFiles,
    flagIgnoredResources,
    scanForApplicationPackages,
    scanForFiles,
    collectLicenseDetections,
    analyzeScannedFiles,
    flagNotAnalyzed,
  ],
);

export const BUILTIN_PIPELINES: readonly Pipeline<StepContext>[] = [
  analyzeDockerImage,
  analyzeRootFilesystem,
  inspectPackages,
  loadInventory,
  loadSbom,
  resolveDependencies,
  scanCodebase,
  scanSinglePackage,
];
