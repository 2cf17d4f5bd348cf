import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';

/** The official SPDX 2.3 JSON schema (test/fixtures/schemas/README.md says where it comes from). */
const SPDX_SCHEMA = path.resolve(__dirname, '../fixtures/schemas/spdx-schema-2.3.json');

let spdxValidate: ((doc: unknown) => boolean) & { errors?: unknown } | undefined;

/** Schema errors of an SPDX JSON document (empty when valid). */
export function spdxSchemaErrors(doc: unknown): unknown[] {
  if (!spdxValidate) {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    spdxValidate = ajv.compile(JSON.parse(fs.readFileSync(SPDX_SCHEMA, 'utf8')) as object);
  }
  return spdxValidate(doc) ? [] : ((spdxValidate.errors as unknown[] | undefined) ?? ['invalid']);
}

/** Validate a CycloneDX document with the library's own validators; null when valid. */
export async function cycloneDxErrors(text: string, version: '1.6' | '1.5' | '1.4', format: 'json' | 'xml'): Promise<unknown> {
  const specVersion = { '1.6': Spec.Version.v1dot6, '1.5': Spec.Version.v1dot5, '1.4': Spec.Version.v1dot4 }[version];
  const validator = format === 'json' ? new Validation.JsonStrictValidator(specVersion) : new Validation.XmlValidator(specVersion);
  return validator.validate(text);
}

export interface XlsxSheet {
  header: string[];
  /** Data rows (the header excluded), every cell as text or null. */
  rows: (string | null)[][];
}

/** Read an XLSX file with Python's openpyxl, a reader independent of the writer. */
export function readXlsx(file: string): Record<string, XlsxSheet> {
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = {}
for ws in wb.worksheets:
    rows = [[None if c is None else str(c) for c in row] for row in ws.iter_rows(values_only=True)]
    out[ws.title] = {"header": rows[0] if rows else [], "rows": rows[1:]}
print(json.dumps(out))
`;
  // Debian's python3 (python3-openpyxl), not whichever python3 comes first on PATH.
  const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  return JSON.parse(execFileSync(python, ['-c', script, file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })) as Record<string, XlsxSheet>;
}
