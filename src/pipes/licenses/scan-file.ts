import { isAscii, isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { detectCopyrights, type AuthorEntry, type CopyrightEntry, type HolderEntry } from '../copyrights/copyrights';
import { findEmails, findUrls, type EmailEntry, type UrlEntry } from '../copyrights/finder';
import { detectLicenses } from './detect-licenses';
import { loadLicenseIndex, type LicenseIndex } from './license-index';
import type { LicenseScan } from './types';

/** What to scan for, and where the compiled license index is cached. */
export interface ScanFileOptions {
  licenses?: boolean;
  copyrights?: boolean;
  emails?: boolean;
  urls?: boolean;
  /** Directory holding the compiled index cache; without it the index is built in memory. */
  indexCacheDir?: string;
  /** Path recorded in `from_file` of license matches. */
  fromFile?: string | null;
  /** Bytes read from a file; larger files are truncated, like ScanCode's long-line chunking keeps work bounded. */
  maxBytes?: number;
}

/** The scan fields ScanCode.io stores on a resource (`scan_for_files`). */
export interface FileScan extends LicenseScan {
  copyrights: CopyrightEntry[];
  holders: HolderEntry[];
  authors: AuthorEntry[];
  emails: EmailEntry[];
  urls: UrlEntry[];
}

const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Returns the text of a buffer: UTF-8 when valid, else Latin-1 so every byte stays one char.
 * Pure ASCII, most source files, is copied as Latin-1: the same text without UTF-8 decoding.
 */
export function decodeText(buffer: Buffer): string {
  if (isAscii(buffer)) {
    return buffer.toString('latin1');
  }
  return isUtf8(buffer) ? buffer.toString('utf8') : buffer.toString('latin1');
}

/** Returns true for content that is binary (a NUL byte in the first 8 KiB). */
export function isBinary(buffer: Buffer): boolean {
  return buffer.subarray(0, 8192).includes(0);
}

/** Returns the scan fields of a text; every kind of scan is on unless turned off in options. */
export function scanText(text: string, options: ScanFileOptions = {}, index?: LicenseIndex): FileScan {
  const empty: LicenseScan = {
    detected_license_expression: null,
    detected_license_expression_spdx: null,
    license_detections: [],
    license_clues: [],
    percentage_of_license_text: 0,
  };
  const licenses =
    options.licenses === false
      ? empty
      : detectLicenses(text, index ?? loadLicenseIndex(options.indexCacheDir), { fromFile: options.fromFile ?? null });
  const copyrights = options.copyrights === false ? { copyrights: [], holders: [], authors: [] } : detectCopyrights(text);
  return {
    ...licenses,
    ...copyrights,
    emails: options.emails === false ? [] : findEmails(text),
    urls: options.urls === false ? [] : findUrls(text),
  };
}

/** Returns the scan fields of a file or buffer; binary content yields empty fields. */
export async function scanFile(input: string | Buffer, options: ScanFileOptions = {}): Promise<FileScan> {
  return scanBuffer(typeof input === 'string' ? await readFile(input) : input, options);
}

/**
 * Returns the same as scanFile, reading synchronously: for worker threads, where blocking is
 * harmless and an async read per small file costs more than scanning it.
 */
export function scanFileSync(input: string | Buffer, options: ScanFileOptions = {}): FileScan {
  return scanBuffer(typeof input === 'string' ? readFileSync(input) : input, options);
}

function scanBuffer(input: Buffer, options: ScanFileOptions): FileScan {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const buffer = input.length > max ? input.subarray(0, max) : input;
  const text = isBinary(buffer) ? '' : decodeText(buffer);
  return scanText(text, { ...options, fromFile: options.fromFile ?? null });
}
