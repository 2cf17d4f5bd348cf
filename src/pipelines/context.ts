/**
 * What a step receives. Framework-free: the service side fills it with functions over
 * its repositories, so steps stay plain async functions that tests can drive.
 */
export interface ProjectPaths {
  root: string;
  input: string;
  codebase: string;
  output: string;
  tmp: string;
  /** Workspace-wide cache (the compiled license index). */
  cache: string;
}

export interface StepMessage {
  severity: 'info' | 'warning' | 'error';
  description: string;
  details?: Record<string, unknown>;
  traceback?: string;
}

/** A resource record as the inventory pipe produces it (the columns it fills). */
export type ResourceRecord = import('../pipes/fileinfo').ResourceInfo;

/** Status changes and flagging inputs, shared with the flag pipes. */
export type StatusChange = import('../pipes/fileinfo').StatusChange;
export type Flaggable = import('../pipes/fileinfo').Flaggable;

/** The project's codebase resources as steps read and write them, in bulk. */
export interface ResourceStore {
  /** Insert a batch of new resources in one transaction. */
  insertBatch(records: readonly ResourceRecord[]): Promise<void>;
  /** Mark empty files (`ignored-empty-file`); returns how many changed. */
  flagEmptyFiles(): Promise<number>;
  /** All resources in path order, a batch at a time, with the fields the flag pipes read. */
  batches(size?: number): AsyncIterable<Flaggable[]>;
  /** Write status changes in bulk; returns how many rows changed. */
  setStatuses(changes: readonly StatusChange[]): Promise<number>;
  count(): Promise<number>;
  /** Files still to scan (status ""), in path order, a batch at a time. */
  unscannedFiles(size?: number): AsyncIterable<{ path: string }[]>;
  countUnscannedFiles(): Promise<number>;
  /** Store license/copyright scan results; a file whose scan failed gets `scanned-with-error`. */
  saveScans(results: readonly FileScanResult[]): Promise<void>;
}

/** An input source as the download step reads it (ScanCode.io's InputSource fields). */
export interface InputRecord {
  uuid: string;
  download_url: string;
  /** Empty until the input is fetched. */
  filename: string;
  is_uploaded: boolean;
  tag: string;
}

/** The project's input sources. */
export interface InputStore {
  list(): Promise<InputRecord[]>;
  /** Record the name a fetched input got in input/. */
  setFetched(uuid: string, filename: string): Promise<void>;
}

/** What one datafile said: its package_data records, or why it could not be parsed. */
export type DatafileScan =
  | { path: string; packageData: import('../pipes/packages').PackageData[] }
  | { path: string; error: string };

/** The project's packages and dependencies as steps read and write them. */
export interface PackageStore {
  /** Store package data on its datafile resources: `application-package`, or `scanned-with-error`. */
  savePackageData(scans: readonly DatafileScan[]): Promise<void>;
  /** The datafile resources that hold package data, with it. */
  datafiles(): Promise<import('../pipes/packages/assemble').DatafileRecord[]>;
  /** Every file path of the codebase, in path order. */
  filePaths(): Promise<string[]>;
  /** Files marked `application-package` whose package data is not read yet, in path order. */
  manifestPaths(): Promise<string[]>;
  /**
   * Store assembled packages, dependencies and resource links. With `replace`, the packages and
   * dependencies that came from the same datafiles are deleted first (a new assembly of them).
   */
  saveAssembly(
    assembly: import('../pipes/packages/assemble').Assembly,
    options?: { replace?: boolean },
  ): Promise<{ packages: number; dependencies: number }>;
  /** Delete the dependencies that are not direct (after static resolution); returns how many. */
  deleteIndirectDependencies(): Promise<number>;
  /** Resources with license detections or clues, in path order, a batch at a time. */
  resourceDetections(): AsyncIterable<{ path: string; license_detections: unknown[]; license_clues: unknown[] }[]>;
  /** The license detections of the packages, with their first datafile. */
  packageDetections(): Promise<{ datafile_path: string; license_detections: unknown[]; other_license_detections: unknown[] }[]>;
  /** What the summary of a single package scan is made of (key files are read from `codebaseDir`). */
  summaryInputs(codebaseDir: string): Promise<SummaryInputs>;
  /** Replace the project's unique license detections (DiscoveredLicense rows); returns how many. */
  replaceLicenseDetections(rows: readonly import('../pipes/licenses/collect').UniqueDetection[]): Promise<number>;
}

/** Files and packages as the codebase summary reads them, and the key files' serialized rows. */
export interface SummaryInputs {
  files: import('../pipes/packages/summary').SummaryFile[];
  packages: import('../pipes/packages/summary').SummaryPackage[];
  /** Key text files with their `content`, as the resources API serializes them. */
  keyFiles: Record<string, unknown>[];
  /** The packages those key files belong to, as the packages API serializes them. */
  keyFilesPackages: Record<string, unknown>[];
}

/** The scan fields of one file, with ScanCode.io's names, or why it could not be scanned. */
export type FileScanResult =
  | { path: string; scan: import('../pipes/licenses').FileScan }
  | { path: string; error: string };

/** The highest row ids of a project's results at one moment: rows created after it can be taken back. */
export interface ImportMark {
  resource: number;
  package: number;
  dependency: number;
  license: number;
}

/** A package to store, with the fields of a DiscoveredPackage (ScanCode.io's names) and the files it owns. */
export interface ImportPackage {
  package_uid: string;
  record: Record<string, unknown>;
  /** Codebase paths of the resources that belong to the package (`for_packages`). */
  resource_paths?: string[];
}

/** A dependency to store; the package uids and the datafile path are looked up in the project. */
export interface ImportDependency {
  record: Record<string, unknown>;
  for_package_uid: string | null;
  resolved_to_package_uid: string | null;
  datafile_path: string | null;
}

export interface ImportRelation {
  from_path: string;
  to_path: string;
  map_type: string;
  extra_data?: Record<string, unknown>;
}

/** A file of a root filesystem with what system package matching reads. */
export interface RootfsResource {
  path: string;
  rootfs_path: string;
  status: string;
  size: number | null;
  md5: string;
  sha1: string;
  sha256: string;
  sha512: string;
}

/**
 * Results made from data that comes from outside a scan: SBOMs, inventories (scan results made
 * elsewhere) and installed package databases of root filesystems.
 */
export interface ImportStore {
  mark(): Promise<ImportMark>;
  /** Delete every resource, package, dependency and license detection created after the mark. */
  rollback(mark: ImportMark): Promise<void>;
  /** Insert resources given with ScanCode.io's field names (`path` required). */
  insertResources(records: readonly Record<string, unknown>[]): Promise<void>;
  insertPackages(packages: readonly ImportPackage[]): Promise<void>;
  /** Link resources to packages; returns how many links were new. */
  linkResources(links: readonly { path: string; package_uid: string }[]): Promise<number>;
  /** Insert dependencies; returns those whose package uids are not in the project (not inserted). */
  insertDependencies(dependencies: readonly ImportDependency[]): Promise<ImportDependency[]>;
  /** Insert unique license detections (DiscoveredLicense rows); an identifier already there is kept. */
  insertLicenseDetections(records: readonly Record<string, unknown>[]): Promise<void>;
  /** Insert relations between resources given by path; returns how many were inserted. */
  insertRelations(relations: readonly ImportRelation[]): Promise<number>;
  /** Set `affected_by_vulnerabilities` of packages by uid; returns how many packages were found. */
  addVulnerabilities(byPackageUid: ReadonlyMap<string, unknown[]>): Promise<number>;
  /** Files whose path starts with `prefix`, in path order, a batch at a time. */
  rootfsFiles(prefix: string, size?: number): AsyncIterable<RootfsResource[]>;
  /** The first package uid each of these resources belongs to. */
  packageOfResources(paths: readonly string[]): Promise<Map<string, string>>;
  /** `scanned` files with no license, clue, copyright... become `no-licenses`; an unknown license `unknown-license`. */
  analyzeScannedFiles(): Promise<{ noLicenses: number; unknownLicense: number }>;
  /** Resources still without a status become `not-analyzed`; returns how many. */
  flagNotAnalyzed(): Promise<number>;
  /** Set the rootfs path, tag or extra data of resources by path. */
  setResourceFields(changes: readonly { path: string; rootfs_path?: string; tag?: string; extra_data?: Record<string, unknown> }[]): Promise<void>;
}

export interface StepContext {
  readonly projectUuid: string;
  readonly projectName: string;
  readonly runUuid: string;
  readonly pipelineName: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly paths: ProjectPaths;
  /** Aborted when the run is stopped; long steps check it between items. */
  readonly signal: AbortSignal;
  /** Append a timestamped line to the run log. */
  log(message: string): Promise<void>;
  /** Report how far the current step is (items processed out of total). */
  progress(processed: number, total: number): Promise<void>;
  /** Record a per-item problem as a project message; the step goes on. */
  addMessage(message: StepMessage & { model?: string }): Promise<void>;
  /** Merge fields into the project's `extra_data`. */
  updateProjectExtraData(fields: Record<string, unknown>): Promise<void>;
  readonly resources: ResourceStore;
  readonly packages: PackageStore;
  readonly inputs: InputStore;
  readonly imports: ImportStore;
  /** The SSRF rule, time and size limits for fetching inputs (from the settings). */
  readonly fetchLimits: Omit<import('../inputs/download').FetchLimits, 'signal'>;
}
