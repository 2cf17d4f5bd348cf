import { basename } from 'node:path';
import type * as ExcelJS from 'exceljs';
import { SbomError } from './errors';
import type { InventoryEvent } from './inventory';
import { purlFields } from './model';

/** Cells ScanCode.io writes one item a line. */
const LIST_FIELDS = new Set(['for_packages', 'datafile_paths', 'datasource_ids', 'keywords', 'source_packages', 'missing_resources', 'modified_resources']);
/** List-of-dict fields reduced to one key of each item in the workbook (ScanCode.io's `mappings_key_by_fieldname`). */
const ITEM_KEYS: Record<string, string> = { copyrights: 'copyright', holders: 'holder', authors: 'author', emails: 'email', urls: 'url' };
/** Cells that hold Python reprs of nested data: they cannot be read back, as in ScanCode.io. */
const SKIPPED = new Set(['parties', 'file_references', 'xlsx_errors', 'extra_data', 'license_detections', 'other_license_detections', 'license_clues', 'package_data', 'matches', 'affected_by_vulnerabilities', 'compliance_alert']);

type Json = Record<string, unknown>;

/**
 * Reads a ScanCode.io or Scanloom XLSX workbook (PACKAGES, DEPENDENCIES, RESOURCES, RELATIONS,
 * LICENSE_DETECTIONS and LAYERS sheets) as a stream of rows, a header row naming the fields.
 * Multi-line cells become lists where the field is a list; nested data the sheets only show as
 * text is left out; LAYERS rows become `extra_data.layers`.
 */
export async function* readXlsxInventory(file: string): AsyncGenerator<InventoryEvent> {
  const name = basename(file);
  // Loaded on first use: exceljs is a few hundred modules that most runs need not load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stream } = require('exceljs') as typeof ExcelJS;
  const reader = new stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  const layers: Json[] = [];
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      // exceljs sets the sheet name from workbook.xml; its typings leave it out.
      const sheetName = (sheet as unknown as { name: string }).name;
      let fields: string[] | null = null;
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1).map(cellText);
        if (!fields) {
          fields = values.map((v) => v ?? '');
          continue;
        }
        const where = `${sheetName} row ${row.number}`;
        const record = toRecord(fields, values);
        yield* rowEvents(sheetName, record, where, name, layers);
      }
    }
  } catch (error) {
    if (error instanceof SbomError) {
      throw error;
    }
    throw new SbomError(name, `not a readable XLSX workbook: ${(error as Error).message}`);
  }
  if (sheets === 0) {
    throw new SbomError(name, 'the workbook has no sheets');
  }
  yield { kind: 'header', header: { extra_data: layers.length ? { layers } : {} } };
}

function* rowEvents(sheet: string, record: Json, where: string, name: string, layers: Json[]): Generator<InventoryEvent> {
  const fail = (field: string): never => {
    throw new SbomError(name, 'the required field is missing', `${where}: ${field}`);
  };
  switch (sheet) {
    case 'PACKAGES': {
      const uid = typeof record.package_uid === 'string' ? record.package_uid : fail('package_uid');
      yield { kind: 'package', package_uid: uid, record: withPurl(record) };
      return;
    }
    case 'DEPENDENCIES':
      yield {
        kind: 'dependency',
        record: { ...withPurl(record), type: record.package_type ?? withPurl(record).type },
        for_package_uid: str(record.for_package_uid),
        resolved_to_package_uid: str(record.resolved_to_package_uid),
        datafile_path: str(record.datafile_path),
      };
      return;
    case 'RESOURCES': {
      const path = typeof record.path === 'string' ? record.path : fail('path');
      const forPackages = Array.isArray(record.for_packages) ? (record.for_packages as string[]) : [];
      yield { kind: 'resource', record: { ...record, path, status: record.status ?? '' }, for_packages: forPackages };
      return;
    }
    case 'RELATIONS': {
      const from = str(record.from_resource) ?? fail('from_resource');
      const to = str(record.to_resource) ?? fail('to_resource');
      yield { kind: 'relation', from_path: from, to_path: to, map_type: str(record.map_type) ?? fail('map_type'), extra_data: {} };
      return;
    }
    case 'LICENSE_DETECTIONS':
      yield { kind: 'license', record: { ...record, identifier: str(record.identifier) ?? fail('identifier') } };
      return;
    case 'LAYERS':
      layers.push(record);
      return;
  }
}

function toRecord(fields: string[], values: (string | null)[]): Json {
  const record: Json = {};
  fields.forEach((field, i) => {
    const value = values[i] ?? null;
    if (!field || SKIPPED.has(field) || value === null || value === '') {
      return;
    }
    if (LIST_FIELDS.has(field)) {
      record[field] = value.split('\n').filter(Boolean);
    } else if (ITEM_KEYS[field]) {
      record[field] = value.split('\n').filter(Boolean).map((line) => ({ [ITEM_KEYS[field]!]: line }));
    } else if (field.startsWith('is_') && (value === 'True' || value === 'False')) {
      record[field] = value === 'True';
    } else {
      record[field] = value;
    }
  });
  return record;
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown };
  if (cell.richText) {
    return cell.richText.map((part) => part.text).join('');
  }
  return typeof cell.text === 'string' ? cell.text : cell.result === undefined ? null : cellText(cell.result);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function withPurl(record: Json): Json {
  if (typeof record.name === 'string' || typeof record.purl !== 'string') {
    return record;
  }
  return { ...record, ...purlFields(record.purl) };
}
