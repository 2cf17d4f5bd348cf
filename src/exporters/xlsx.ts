import type { Writable } from 'node:stream';
import type * as ExcelJS from 'exceljs';
import { stringify as toYaml } from 'yaml';
import { CodebaseResource } from '../results/codebase-resource.entity';
import { DiscoveredPackage } from '../results/discovered-package.entity';
import { DiscoveredLicense } from '../results/discovered-license.entity';
import { toLicenseDetectionView } from '../results/licenses.views';
import { toMessageView } from '../results/messages.list';
import { ProjectMessage } from '../results/project-message.entity';
import { toDependencyView, toPackageView, purlOf, type DependencyRow } from '../results/packages.views';
import { toRelationView } from '../results/relations.views';
import { toResourceView } from '../results/resources.views';
import type { ResourceBatch } from '../results/export-rows.repository';
import { drained, type ExportSource } from './source';

/** Fields ScanCode.io leaves out of every sheet: nested data that does not fit a cell. */
const EXCLUDED = new Set(['extra_data', 'package_data', 'license_detections', 'other_license_detections', 'license_clues', 'affected_by_vulnerabilities', 'matches']);

/** Columns not read at all for a workbook (compliance_alert is still needed when policies apply). */
const UNREAD = [...EXCLUDED].filter((field) => field !== 'affected_by_vulnerabilities');

/** List-of-dict fields reduced to one key of each item (ScanCode.io's `mappings_key_by_fieldname`). */
const ITEM_KEYS: Record<string, string> = { copyrights: 'copyright', holders: 'holder', authors: 'author', emails: 'email', urls: 'url' };

/** Longest text an XLSX cell holds. */
export const XLSX_CELL_MAX = 32767;

const VULNERABILITY_FIELDS = ['vulnerability_id', 'aliases', 'summary', 'risk_score', 'exploitability', 'weighted_severity', 'resource_url'];

type Row = Record<string, unknown>;

/** The serializer fields of each sheet, taken from the views so both always agree. */
const FIELDS = {
  PACKAGES: Object.keys(toPackageView(Object.assign(new DiscoveredPackage(), { parties: [] }))),
  DEPENDENCIES: Object.keys(toDependencyView({} as DependencyRow)),
  RESOURCES: Object.keys(toResourceView(new CodebaseResource(), [])),
  RELATIONS: Object.keys(toRelationView({ uuid: '', from_path: '', to_path: '', to_status: '', map_type: '', extra_data: {} })),
  MESSAGES: Object.keys(toMessageView(new ProjectMessage())),
  LICENSE_DETECTIONS: Object.keys(toLicenseDetectionView(new DiscoveredLicense())),
};

/** Container image layers, from the project's `extra_data.images` (ScanCode.io's `docker.layer_fields`). */
const LAYER_FIELDS = ['layer_tag', 'created_by', 'layer_id', 'image_id', 'created', 'size', 'author', 'comment', 'archive_location'];

export const REPORT_MODELS = ['package', 'dependency', 'resource', 'relation', 'message', 'todo'] as const;
export type ReportModel = (typeof REPORT_MODELS)[number];

const REPORT_SHEETS: Record<ReportModel, keyof typeof FIELDS | 'TODOS'> = {
  package: 'PACKAGES',
  dependency: 'DEPENDENCIES',
  resource: 'RESOURCES',
  relation: 'RELATIONS',
  message: 'MESSAGES',
  todo: 'TODOS',
};

/**
 * Write ScanCode.io's XLSX workbook: PACKAGES, DEPENDENCIES, RESOURCES, RELATIONS and
 * MESSAGES, then VULNERABILITIES and TODOS when they have rows. Rows are streamed to the
 * zip as they are read, so memory stays flat.
 */
export async function writeXlsx(out: Writable, source: ExportSource): Promise<void> {
  const workbook = newWorkbook(out);
  const exclude = excludedFields(source.policiesEnabled);
  const vulnerable: Row[] = [];
  const packages = new SheetWriter(workbook, 'PACKAGES', fieldsOf('PACKAGES', exclude));
  for await (const batch of source.packageBatches(UNREAD)) {
    for (const pkg of batch) {
      packages.add(toPackageView(pkg));
      vulnerable.push(...vulnerabilityRows('package', purlOf(pkg), pkg.affected_by_vulnerabilities));
    }
    await pace(out, packages);
  }
  packages.commit();
  const dependencies = new SheetWriter(workbook, 'DEPENDENCIES', fieldsOf('DEPENDENCIES', exclude));
  for await (const batch of source.dependencyBatches()) {
    for (const dependency of batch) {
      dependencies.add(toDependencyView(dependency));
      vulnerable.push(...vulnerabilityRows('dependency', purlOf(dependency), dependency.affected_by_vulnerabilities));
    }
    await pace(out, dependencies);
  }
  dependencies.commit();
  await writeResources(new SheetWriter(workbook, 'RESOURCES', fieldsOf('RESOURCES', exclude)), source.resourceBatches(UNREAD), out);
  const relations = new SheetWriter(workbook, 'RELATIONS', fieldsOf('RELATIONS', exclude));
  for await (const batch of source.relationBatches()) {
    batch.forEach((relation) => relations.add(toRelationView(relation)));
    await pace(out, relations);
  }
  relations.commit();
  const messages = new SheetWriter(workbook, 'MESSAGES', fieldsOf('MESSAGES', exclude));
  (await source.messages()).forEach((message) => messages.add(toMessageView(message)));
  messages.commit();
  let licenses: SheetWriter | undefined;
  for await (const batch of source.licenseBatches(['matches'])) {
    licenses ??= new SheetWriter(workbook, 'LICENSE_DETECTIONS', fieldsOf('LICENSE_DETECTIONS', exclude));
    batch.forEach((license) => licenses!.add(toLicenseDetectionView(license)));
    await pace(out, licenses);
  }
  licenses?.commit();
  const layers = layerRows(source.record.project.extra_data);
  if (layers.length > 0) {
    const sheet = new SheetWriter(workbook, 'LAYERS', LAYER_FIELDS);
    layers.forEach((row) => sheet.add(row));
    sheet.commit();
  }
  if (vulnerable.length > 0) {
    const sheet = new SheetWriter(workbook, 'VULNERABILITIES', ['object_type', 'package_url', ...VULNERABILITY_FIELDS]);
    vulnerable.forEach((row) => sheet.add(row));
    sheet.commit();
  }
  let todos: SheetWriter | undefined;
  for await (const batch of source.todoBatches(UNREAD)) {
    todos ??= new SheetWriter(workbook, 'TODOS', fieldsOf('RESOURCES', exclude));
    addResources(todos, batch);
    await pace(out, todos);
  }
  todos?.commit();
  await workbook.commit();
}

/**
 * The cross-project report: one sheet named after the model, a leading `project` column
 * with the project name, then the model's columns.
 */
export async function writeXlsxReport(out: Writable, model: ReportModel, sources: Iterable<ExportSource>): Promise<void> {
  const workbook = newWorkbook(out);
  const sheetName = REPORT_SHEETS[model];
  const exclude = excludedFields(true);
  const fields = ['project', ...fieldsOf(sheetName === 'TODOS' ? 'RESOURCES' : sheetName, exclude)];
  const sheet = new SheetWriter(workbook, sheetName, fields);
  for (const source of sources) {
    const project = source.record.project.name;
    const add = (row: Row) => sheet.add({ project, ...row });
    switch (model) {
      case 'package':
        for await (const batch of source.packageBatches(UNREAD)) {
          batch.forEach((pkg) => add(toPackageView(pkg)));
          await pace(out, sheet);
        }
        break;
      case 'dependency':
        for await (const batch of source.dependencyBatches()) {
          batch.forEach((dependency) => add(toDependencyView(dependency)));
          await pace(out, sheet);
        }
        break;
      case 'resource':
      case 'todo':
        for await (const batch of model === 'todo' ? source.todoBatches(UNREAD) : source.resourceBatches(UNREAD)) {
          batch.resources.forEach((r) => add(toResourceView(r, batch.packages.get(r.id) ?? [])));
          await pace(out, sheet);
        }
        break;
      case 'relation':
        for await (const batch of source.relationBatches()) {
          batch.forEach((relation) => add(toRelationView(relation)));
          await pace(out, sheet);
        }
        break;
      case 'message':
        (await source.messages()).forEach((message) => add(toMessageView(message)));
        break;
    }
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * A value as an XLSX cell shows it, following ScanCode.io's `_adapt_value_for_xlsx`: lists
 * de-duplicated and one item a line, dicts as YAML, descriptions cut to five lines, CRLF as
 * LF, and text longer than a cell holds cut, with an error for the `xlsx_errors` column.
 */
export function adaptValueForXlsx(field: string, value: unknown): { text: string; error?: string } {
  if (isEmpty(value)) {
    return { text: '' };
  }
  let current: unknown = value;
  if (field === 'description' && typeof current === 'string') {
    current = current.split(/\r\n|\r|\n/).slice(0, 5).join('\n');
  }
  const itemKey = ITEM_KEYS[field];
  if (itemKey && Array.isArray(current)) {
    current = current.map((item: unknown) => (item && typeof item === 'object' ? (item as Row)[itemKey] : item));
  }
  let text: string;
  if (Array.isArray(current)) {
    // ScanCode.io writes `str(item)`: a dict in a list shows as Python's repr of it.
    const items = current.filter((item) => !isEmpty(item)).map((item) => (typeof item === 'object' ? pythonRepr(item) : pythonString(item)));
    text = [...new Set(items)].join('\n');
  } else if (current && typeof current === 'object') {
    text = toYaml(current);
  } else {
    text = pythonString(current);
  }
  text = text.replace(/\r\n/g, '\n');
  if (text.length > XLSX_CELL_MAX) {
    const error = `The value of: ${field} has been truncated from: ${text.length} to ${XLSX_CELL_MAX} length to fit in an XLSX cell maximum length`;
    return { text: text.slice(0, XLSX_CELL_MAX), error };
  }
  return { text };
}

/** One worksheet being streamed: a header row, then one row per record. */
class SheetWriter {
  private readonly sheet: ExcelJS.Worksheet;

  constructor(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    name: string,
    private readonly fields: string[],
  ) {
    this.sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.addRow([...fields, 'xlsx_errors']).commit();
  }

  add(record: Row): void {
    const cells: (string | undefined)[] = [];
    const errors: string[] = [];
    for (const field of this.fields) {
      const { text, error } = adaptValueForXlsx(field, record[field]);
      cells.push(text || undefined);
      if (error) {
        errors.push(error);
      }
    }
    cells.push(errors.length ? errors.join('\n') : undefined);
    this.sheet.addRow(cells).commit();
  }

  commit(): void {
    this.sheet.commit();
  }

  /** Bytes written to the sheet that the zip has not compressed yet (exceljs's stream is internal). */
  pendingBytes(): number {
    type Pipe = { writableLength?: number; _writableState?: { length?: number } };
    const stream = (this.sheet as unknown as { _stream?: { pipes?: Pipe[] } })._stream;
    // archiver's streams come from an older readable-stream without `writableLength`.
    return (stream?.pipes ?? []).reduce((sum, pipe) => sum + (pipe.writableLength ?? pipe._writableState?.length ?? 0), 0);
  }
}

/** Uncompressed sheet data allowed to wait for the zip before writing pauses. */
const MAX_PENDING = 4 * 1024 * 1024;

/**
 * Let the zip catch up. exceljs's sheet streams never push back (they ignore what their
 * consumer's write() answers) and a synchronous database driver never yields, so without
 * this pause every row would pile up in memory before it is compressed.
 */
async function pace(out: Writable, sheet?: SheetWriter): Promise<void> {
  do {
    await new Promise((resolve) => setImmediate(resolve));
  } while ((sheet?.pendingBytes() ?? 0) > MAX_PENDING);
  await drained(out);
}

function newWorkbook(out: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  // Inline strings: a shared-strings table would hold every distinct value in memory.
  // Loaded on first use: exceljs is a few hundred modules that commands and run processes without a spreadsheet need not load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stream } = require('exceljs') as typeof ExcelJS;
  return new stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
}

async function writeResources(sheet: SheetWriter, batches: AsyncIterable<ResourceBatch>, out: Writable): Promise<void> {
  for await (const batch of batches) {
    addResources(sheet, batch);
    await pace(out, sheet);
  }
  sheet.commit();
}

function addResources(sheet: SheetWriter, batch: ResourceBatch): void {
  for (const resource of batch.resources) {
    sheet.add(toResourceView(resource, batch.packages.get(resource.id) ?? []));
  }
}

function excludedFields(policiesEnabled: boolean): Set<string> {
  return policiesEnabled ? EXCLUDED : new Set([...EXCLUDED, 'compliance_alert']);
}

function fieldsOf(sheet: keyof typeof FIELDS, exclude: Set<string>): string[] {
  return FIELDS[sheet].filter((field) => !exclude.has(field));
}

/** One row per layer of each image in `extra_data.images`, tagged `img-<image id>-layer-NN`. */
function layerRows(extraData: Record<string, unknown>): Row[] {
  const images = Array.isArray(extraData.images) ? (extraData.images as Row[]) : [];
  return images.flatMap((image) => {
    const imageId = typeof image.image_id === 'string' ? image.image_id : '';
    const layers = Array.isArray(image.layers) ? (image.layers as Row[]) : [];
    return layers.map((layer, index) => ({
      ...layer,
      layer_tag: `img-${imageId.slice(0, 6)}-layer-${String(index + 1).padStart(2, '0')}`,
      image_id: imageId,
    }));
  });
}

/** One row per advisory of a vulnerable package or dependency. */
function vulnerabilityRows(objectType: 'package' | 'dependency', packageUrl: string, advisories: unknown[]): Row[] {
  return advisories.map((advisory) => {
    const data = (advisory ?? {}) as Row;
    return {
      object_type: objectType,
      package_url: packageUrl,
      ...Object.fromEntries(VULNERABILITY_FIELDS.map((field) => [field, data[field] ?? (field === 'vulnerability_id' ? data.advisory_id : '')])),
    };
  });
}

/** Python's falsiness, which decides whether ScanCode.io writes a cell. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') {
    return true;
  }
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** Python's `repr()` of JSON data: `{'name': 'Jane', 'email': None}`. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) {
    return 'None';
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return `${quote}${quote === "'" ? escaped.replace(/'/g, "\\'") : escaped}${quote}`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(pythonRepr).join(', ')}]`;
  }
  return `{${Object.entries(value as Row).map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`).join(', ')}}`;
}

/** `str(value)` as Python writes it: booleans are True/False. */
function pythonString(value: unknown): string {
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  return String(value);
}
