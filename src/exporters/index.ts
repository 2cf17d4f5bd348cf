import type { Writable } from 'node:stream';
import { ActionError } from '../common/errors';
import { renderAttribution } from './attribution';
import type { CycloneDxVersion } from './cyclonedx';
import { writeJsonResults } from './json-results';
import { renderOrtPackageList } from './ort';
import type { ExportSource } from './source';
import { buildSpdxDocument, spdxJson, spdxTagValue, SPDX_VERSIONS, type SpdxVersion } from './spdx';
import { writeXlsx } from './xlsx';

/** The CycloneDX versions written, newest first (the library's Spec names them). */
const CYCLONEDX_VERSIONS: readonly CycloneDxVersion[] = ['1.6', '1.5', '1.4'];

/**
 * The CycloneDX writer, loaded on first use: with the CycloneDX library, its XML builder and
 * validators it is several hundred modules that commands and run processes need not load.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cyclonedx = () => require('./cyclonedx') as typeof import('./cyclonedx');

export interface WriteOptions {
  /** Workspace folder (for the workspace-wide attribution template). */
  workspace: string;
}

interface FormatSpec {
  /** Extension after `results-<timestamp>.` (ScanCode.io's names where it has the format). */
  extension: string;
  contentType: string;
  versions?: readonly string[];
  write(out: Writable, source: ExportSource, version: string, options: WriteOptions): Promise<void>;
}

const text = (out: Writable, content: string) =>
  new Promise<void>((resolve, reject) => {
    out.write(content, (error) => (error ? reject(error) : resolve()));
  });

/** Every file format Scanloom writes, by the `output_format` name that selects it. */
export const FORMATS = {
  json: { extension: 'json', contentType: 'application/json', write: (out, source) => writeJsonResults(out, source) },
  xlsx: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    write: (out, source) => writeXlsx(out, source),
  },
  spdx: {
    extension: 'spdx.json',
    contentType: 'application/json',
    versions: SPDX_VERSIONS,
    write: async (out, source, version) => text(out, spdxJson(await buildSpdxDocument(source, version as SpdxVersion))),
  },
  'spdx-tag-value': {
    extension: 'spdx',
    contentType: 'text/plain; charset=utf-8',
    versions: SPDX_VERSIONS,
    write: async (out, source, version) => text(out, spdxTagValue(await buildSpdxDocument(source, version as SpdxVersion))),
  },
  cyclonedx: {
    extension: 'cdx.json',
    contentType: 'application/json',
    versions: CYCLONEDX_VERSIONS,
    write: async (out, source, version) => text(out, cyclonedx().serializeCycloneDxJson(await cyclonedx().buildCycloneDxBom(source), version as CycloneDxVersion)),
  },
  'cyclonedx-xml': {
    extension: 'cdx.xml',
    contentType: 'application/xml',
    versions: CYCLONEDX_VERSIONS,
    write: async (out, source, version) => text(out, cyclonedx().serializeCycloneDxXml(await cyclonedx().buildCycloneDxBom(source), version as CycloneDxVersion)),
  },
  attribution: {
    extension: 'attribution.html',
    contentType: 'text/html; charset=utf-8',
    write: async (out, source, _version, options) => text(out, await renderAttribution(source, options)),
  },
  'ort-package-list': {
    extension: 'package-list.yml',
    contentType: 'application/yaml',
    write: async (out, source) => text(out, await renderOrtPackageList(source)),
  },
} satisfies Record<string, FormatSpec>;

export type OutputFormat = keyof typeof FORMATS;
export const OUTPUT_FORMATS = Object.keys(FORMATS) as OutputFormat[];

/** The formats an `all_formats` zip holds: ScanCode.io's set. */
export const ALL_FORMATS: OutputFormat[] = ['json', 'xlsx', 'spdx', 'cyclonedx', 'attribution', 'ort-package-list'];

/** `output_format` values of `results_download/`: the file formats and the two zips. */
export const DOWNLOAD_FORMATS = [...OUTPUT_FORMATS, 'all_formats', 'all_outputs'] as const;
export type DownloadFormat = OutputFormat | 'all_formats' | 'all_outputs';

export function formatSpec(format: OutputFormat): FormatSpec {
  return FORMATS[format];
}

/**
 * Check an output format and its version (ScanCode.io's `format:version` CLI syntax is
 * split by the caller); unknown values are a 400 naming the allowed ones.
 */
export function resolveFormat(format: string, version: string | undefined, allowed: readonly string[] = DOWNLOAD_FORMATS): { format: DownloadFormat; version: string } {
  if (!allowed.includes(format)) {
    throw new ActionError(`Format ${format} not supported.`, { choices: allowed.join(', ') });
  }
  const spec = (FORMATS as Record<string, FormatSpec | undefined>)[format];
  const versions = spec?.versions;
  if (version !== undefined && version !== '') {
    if (!versions) {
      throw new ActionError(`Format ${format} has no versions; leave out version.`);
    }
    if (!versions.includes(version)) {
      throw new ActionError(`Version ${version} of ${format} not supported.`, { choices: versions.join(', ') });
    }
    return { format: format as DownloadFormat, version };
  }
  return { format: format as DownloadFormat, version: versions?.[0] ?? '' };
}

/** ScanCode.io's `safe_filename`: runs of characters outside `[A-Za-z0-9.-]` become `_`, all lower case. */
export function safeFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9.-]+/g, '_').toLowerCase();
}

/** `results-YYYY-MM-DD-HH-MM-SS.<extension>` in the server's local time, as ScanCode.io names outputs. */
export function outputFileName(base: string, extension: string, date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`;
  return `${base}-${stamp}.${extension}`;
}

/** ScanCode.io's CLI syntax `format:version` (`cyclonedx:1.5`, `spdx:2.2`) split in two. */
export function splitFormatVersion(value: string): { format: string; version: string | undefined } {
  const colon = value.indexOf(':');
  return colon < 0 ? { format: value, version: undefined } : { format: value.slice(0, colon), version: value.slice(colon + 1) };
}
