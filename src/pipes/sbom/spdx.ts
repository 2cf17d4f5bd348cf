import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseYaml } from 'yaml';
import type { PackageData } from '../packages/models';
import { SbomError } from './errors';
import { streamTopLevel } from './json-stream';
import { purlFields, sbomPackageData, spdxLicenseFields, text, type SbomEvent, type SbomPackage } from './model';

export const SPDX_VERSIONS = ['SPDX-2.2', 'SPDX-2.3'];

const HEADER_FIELDS = ['spdxVersion', 'dataLicense', 'SPDXID', 'name', 'documentNamespace', 'creationInfo', 'comment'];

/** Relationship types where the element depends on the related element; every other type is the reverse. */
const FORWARD = new Set(['DEPENDS_ON', 'CONTAINS', 'ANCESTOR_OF']);

type Json = Record<string, unknown>;

/** State shared by the parts of one document as they stream by. */
class SpdxChecks {
  readonly ids = new Set<string>();
  readonly files = new Set<string>();
  constructor(readonly file: string) {}

  fail(where: string, problem: string): never {
    throw new SbomError(this.file, problem, where);
  }
}

/**
 * Reads an SPDX 2.2/2.3 JSON document as a stream: header, every package, and the relationships
 * that say which package depends on which. Malformed documents throw an SbomError naming the
 * JSON path of the problem.
 */
export async function* readSpdxJson(file: string, fromPath: string): AsyncGenerator<SbomEvent> {
  const checks: SpdxChecks = new SpdxChecks(basename(file));
  const header: Json = {};
  const relationships: Json[] = [];
  for await (const entry of streamTopLevel(file, new Set(['packages', 'relationships', 'files', 'snippets', 'hasExtractedLicensingInfos']))) {
    if (!('item' in entry)) {
      if (HEADER_FIELDS.includes(entry.key)) {
        header[entry.key] = entry.value;
        if (entry.key === 'spdxVersion') {
          checkVersion(header, checks);
        }
      }
      continue;
    }
    const where = `${entry.key}[${entry.index}]`;
    if (entry.key === 'packages') {
      yield { kind: 'package', package: toPackage(entry.item, where, checks, fromPath) };
    } else if (entry.key === 'files' || entry.key === 'snippets') {
      const id = text((entry.item as Json | null)?.SPDXID);
      if (id) {
        checks.files.add(id);
      }
    } else if (entry.key === 'relationships') {
      checkRelationship(entry.item, where, checks);
      // Relationships may come before the files they name: decide once the whole document is read.
      relationships.push(entry.item as Json);
    }
  }
  checkHeader(header, checks);
  yield* relationshipEvents(relationships, checks);
  yield { kind: 'header', header };
}

/** Reads an SPDX document written in YAML (the JSON structure). */
export async function* readSpdxYaml(file: string, fromPath: string): AsyncGenerator<SbomEvent> {
  const checks: SpdxChecks = new SpdxChecks(basename(file));
  let document: unknown;
  try {
    document = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    checks.fail('YAML', `not valid YAML: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    checks.fail('document', 'an SPDX document must be a mapping');
  }
  yield* readSpdxStructure(document as Json, checks, fromPath);
}

/** Reads an SPDX tag-value document (`Tag: value` lines, `<text>` blocks) line by line. */
export async function* readSpdxTagValue(file: string, fromPath: string): AsyncGenerator<SbomEvent> {
  const checks: SpdxChecks = new SpdxChecks(basename(file));
  const header: Json = {};
  const creationInfo: { creators: string[]; created?: string; licenseListVersion?: string } = { creators: [] };
  const relationships: Json[] = [];
  let current: { kind: 'package' | 'file' | 'other'; line: number; fields: Json } | null = null;
  const finish = function* (): Generator<SbomEvent> {
    if (current?.kind === 'package') {
      yield { kind: 'package', package: toPackage(current.fields, `package at line ${current.line}`, checks, fromPath) };
    } else if (current?.kind === 'file' && typeof current.fields.SPDXID === 'string') {
      checks.files.add(current.fields.SPDXID);
    }
    current = null;
  };
  for await (const { tag, value, line } of tagValueLines(file, checks)) {
    switch (tag) {
      case 'PackageName':
        yield* finish();
        current = { kind: 'package', line, fields: { name: value, externalRefs: [], checksums: [] } };
        continue;
      case 'FileName':
      case 'SnippetSPDXID':
        yield* finish();
        current = { kind: 'file', line, fields: tag === 'SnippetSPDXID' ? { SPDXID: value } : {} };
        continue;
      case 'LicenseID':
        yield* finish();
        current = { kind: 'other', line, fields: {} };
        continue;
      case 'Relationship': {
        const [element, type, related] = value.split(/\s+/);
        const relationship = { spdxElementId: element, relationshipType: type, relatedSpdxElement: related };
        checkRelationship(relationship, `Relationship at line ${line}`, checks);
        relationships.push(relationship);
        continue;
      }
    }
    if (current) {
      const field = PACKAGE_TAGS[tag];
      if (tag === 'SPDXID') {
        current.fields.SPDXID = value;
      } else if (current.kind === 'package' && field === 'checksums') {
        const match = /^(\w+):\s*(\S+)$/.exec(value);
        if (!match) {
          checks.fail(`PackageChecksum at line ${line}`, `expected "ALGORITHM: value", found "${value}"`);
        }
        (current.fields.checksums as Json[]).push({ algorithm: match[1], checksumValue: match[2] });
      } else if (current.kind === 'package' && field === 'externalRefs') {
        const [category, type, locator] = value.split(/\s+/);
        (current.fields.externalRefs as Json[]).push({ referenceCategory: category, referenceType: type, referenceLocator: locator });
      } else if (current.kind === 'package' && field) {
        current.fields[field] = value;
      }
      continue;
    }
    const headerField = HEADER_TAGS[tag];
    if (headerField) {
      header[headerField] = value;
      if (headerField === 'spdxVersion') {
        checkVersion(header, checks);
      }
    } else if (tag === 'Creator') {
      creationInfo.creators.push(value);
    } else if (tag === 'Created') {
      creationInfo.created = value;
    } else if (tag === 'LicenseListVersion') {
      creationInfo.licenseListVersion = value;
    }
  }
  yield* finish();
  header.creationInfo = creationInfo;
  checkHeader(header, checks);
  yield* relationshipEvents(relationships, checks);
  yield { kind: 'header', header };
}

const HEADER_TAGS: Record<string, string> = {
  SPDXVersion: 'spdxVersion',
  DataLicense: 'dataLicense',
  SPDXID: 'SPDXID',
  DocumentName: 'name',
  DocumentNamespace: 'documentNamespace',
  DocumentComment: 'comment',
};

const PACKAGE_TAGS: Record<string, string> = {
  PackageVersion: 'versionInfo',
  PackageFileName: 'packageFileName',
  PackageDownloadLocation: 'downloadLocation',
  PackageHomePage: 'homepage',
  PackageChecksum: 'checksums',
  PackageLicenseConcluded: 'licenseConcluded',
  PackageLicenseDeclared: 'licenseDeclared',
  PackageCopyrightText: 'copyrightText',
  PackageDescription: 'description',
  PackageSummary: 'summary',
  ExternalRef: 'externalRefs',
  ReleaseDate: 'releaseDate',
};

/** `Tag: value` pairs of a tag-value file; a `<text>` value may span lines. */
async function* tagValueLines(file: string, checks: SpdxChecks): AsyncGenerator<{ tag: string; value: string; line: number }> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  let pending: { tag: string; value: string; line: number } | null = null;
  for await (const raw of lines) {
    number++;
    if (pending) {
      const end = raw.indexOf('</text>');
      if (end < 0) {
        pending.value += `\n${raw}`;
        continue;
      }
      pending.value += `\n${raw.slice(0, end)}`;
      yield pending;
      pending = null;
      continue;
    }
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      checks.fail(`line ${number}`, `expected "Tag: value", found "${line.slice(0, 80)}"`);
    }
    const tag = line.slice(0, colon).trim();
    let value = line.slice(colon + 1).trim();
    if (value.startsWith('<text>')) {
      value = value.slice('<text>'.length);
      const end = value.indexOf('</text>');
      if (end < 0) {
        pending = { tag, value, line: number };
        continue;
      }
      value = value.slice(0, end);
    }
    yield { tag, value, line: number };
  }
  if (pending) {
    checks.fail(`line ${pending.line}`, `the <text> value of ${pending.tag} is never closed with </text>`);
  }
  if (number === 0) {
    checks.fail('document', 'the file is empty');
  }
}

function* readSpdxStructure(document: Json, checks: SpdxChecks, fromPath: string): Generator<SbomEvent> {
  const header: Json = Object.fromEntries(HEADER_FIELDS.filter((f) => f in document).map((f) => [f, document[f]]));
  checkVersion(header, checks);
  for (const key of ['files', 'snippets']) {
    for (const item of listOf(document, key, checks)) {
      const id = text((item as Json | null)?.SPDXID);
      if (id) {
        checks.files.add(id);
      }
    }
  }
  for (const [index, item] of listOf(document, 'packages', checks).entries()) {
    yield { kind: 'package', package: toPackage(item, `packages[${index}]`, checks, fromPath) };
  }
  const relationships = listOf(document, 'relationships', checks);
  relationships.forEach((item, index) => checkRelationship(item, `relationships[${index}]`, checks));
  checkHeader(header, checks);
  yield* relationshipEvents(relationships as Json[], checks);
  yield { kind: 'header', header };
}

function listOf(document: Json, key: string, checks: SpdxChecks): unknown[] {
  const value = document[key];
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    checks.fail(key, 'must be a list');
  }
  return value;
}

function checkVersion(header: Json, checks: SpdxChecks): void {
  if ('spdxVersion' in header && !SPDX_VERSIONS.includes(String(header.spdxVersion))) {
    checks.fail('spdxVersion', `${String(header.spdxVersion)} is not supported (${SPDX_VERSIONS.join(' and ')} are)`);
  }
}

function checkHeader(header: Json, checks: SpdxChecks): void {
  for (const field of ['spdxVersion', 'SPDXID']) {
    if (!text(header[field])) {
      checks.fail(field, 'the required field is missing');
    }
  }
}

function checkRelationship(value: unknown, where: string, checks: SpdxChecks): void {
  const item = value as Json | null;
  for (const field of ['spdxElementId', 'relationshipType', 'relatedSpdxElement']) {
    if (typeof item?.[field] !== 'string' || !item[field]) {
      checks.fail(`${where}.${field}`, 'the required field is missing');
    }
  }
}

function* relationshipEvents(relationships: Json[], checks: SpdxChecks): Generator<SbomEvent> {
  for (const relationship of relationships) {
    const element = String(relationship.spdxElementId);
    const related = String(relationship.relatedSpdxElement);
    const type = String(relationship.relationshipType);
    if (type === 'DESCRIBES' || type === 'DESCRIBED_BY' || element === 'NOASSERTION' || related === 'NOASSERTION' || element === 'NONE' || related === 'NONE') {
      continue;
    }
    // Only relations between packages are dependencies: files, snippets and the document are not packages.
    if (!checks.ids.has(element) || !checks.ids.has(related)) {
      if (checks.files.has(element) || checks.files.has(related) || element === 'SPDXRef-DOCUMENT' || related === 'SPDXRef-DOCUMENT') {
        continue;
      }
    }
    yield FORWARD.has(type) ? { kind: 'dependency', from: element, to: related } : { kind: 'dependency', from: related, to: element };
  }
}

function toPackage(value: unknown, where: string, checks: SpdxChecks, fromPath: string): SbomPackage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    checks.fail(where, 'a package must be an object');
  }
  const pkg = value as Json;
  const id = text(pkg.SPDXID);
  if (!id) {
    checks.fail(`${where}.SPDXID`, 'the required field is missing');
  }
  if (!/^SPDXRef-[A-Za-z0-9.-]+$/.test(id)) {
    checks.fail(`${where}.SPDXID`, `"${id}" is not an SPDX identifier (SPDXRef- followed by letters, digits, "." or "-")`);
  }
  if (checks.ids.has(id)) {
    checks.fail(`${where}.SPDXID`, `"${id}" is used by another package`);
  }
  checks.ids.add(id);
  const name = text(pkg.name);
  if (!name) {
    checks.fail(`${where}.name`, 'the required field is missing');
  }
  if (typeof pkg.downloadLocation !== 'string') {
    checks.fail(`${where}.downloadLocation`, 'the required field is missing');
  }
  const purl = purlOf(pkg.externalRefs, `${where}.externalRefs`, checks);
  const parts = purl ? purlFields(purl) : null;
  if (purl && !parts) {
    checks.fail(`${where}.externalRefs`, `"${purl}" is not a valid package URL`);
  }
  const concluded = text(pkg.licenseConcluded);
  const declared = text(pkg.licenseDeclared);
  const fields: Partial<PackageData> = {
    ...parts,
    name: parts?.name ?? name,
    version: text(pkg.versionInfo) ?? parts?.version ?? null,
    download_url: text(pkg.downloadLocation),
    homepage_url: text(pkg.homepage),
    description: text(pkg.description) ?? text(pkg.summary),
    release_date: text(pkg.releaseDate),
    copyright: text(pkg.copyrightText),
    ...spdxLicenseFields(concluded ?? declared, declared, fromPath),
    ...checksums(pkg.checksums, `${where}.checksums`, checks),
  };
  return { package_uid: id, filename: text(pkg.packageFileName), data: sbomPackageData(fields) };
}

function purlOf(value: unknown, where: string, checks: SpdxChecks): string | null {
  if (value === undefined) {
    return null;
  }
  if (!Array.isArray(value)) {
    checks.fail(where, 'must be a list');
  }
  const ref = value.find((r) => (r as Json | null)?.referenceType === 'purl') as Json | undefined;
  return ref ? text(ref.referenceLocator) : null;
}

function checksums(value: unknown, where: string, checks: SpdxChecks): Partial<PackageData> {
  const out: Partial<Record<'md5' | 'sha1' | 'sha256' | 'sha512', string>> = {};
  if (value === undefined) {
    return out;
  }
  if (!Array.isArray(value)) {
    checks.fail(where, 'must be a list');
  }
  for (const [index, checksum] of value.entries()) {
    const item = checksum as Json | null;
    if (typeof item?.algorithm !== 'string' || typeof item.checksumValue !== 'string') {
      checks.fail(`${where}[${index}]`, 'a checksum needs "algorithm" and "checksumValue"');
    }
    const field = item.algorithm.toLowerCase().replace('-', '');
    if (field === 'md5' || field === 'sha1' || field === 'sha256' || field === 'sha512') {
      out[field] = item.checksumValue.toLowerCase();
    }
  }
  return out;
}
