import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PackageData } from '../packages/models';
import { SbomError } from './errors';
import { streamTopLevel } from './json-stream';
import { isBlank, purlFields, sbomPackageData, statementLicenseFields, text, type SbomEvent, type SbomPackage } from './model';

export const CYCLONEDX_SPEC_VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];

const HASH_FIELDS: Record<string, 'md5' | 'sha1' | 'sha256' | 'sha512'> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };

/** External reference types that have a package field of their own (the reverse of the CycloneDX export). */
const REFERENCE_FIELDS: Record<string, keyof PackageData> = {
  vcs: 'vcs_url',
  'issue-tracker': 'bug_tracking_url',
  distribution: 'repository_download_url',
  website: 'repository_homepage_url',
  bom: 'api_data_url',
};

/** `aboutcode:<field>` properties ScanCode.io and Scanloom write for fields CycloneDX has no place for. */
const PROPERTY_FIELDS = new Set(['primary_language', 'download_url', 'homepage_url', 'notice_text', 'holder', 'release_date', 'bug_tracking_url', 'code_view_url', 'vcs_url', 'repository_homepage_url', 'repository_download_url', 'api_data_url']);

type Json = Record<string, unknown>;

/** Tracks what the whole document must satisfy while its parts stream by. */
class BomChecks {
  readonly refs = new Set<string>();
  constructor(readonly file: string) {}

  fail(where: string, problem: string): never {
    throw new SbomError(this.file, problem, where);
  }
}

/**
 * Reads a CycloneDX JSON BOM as a stream: the header fields, every component (nested ones too)
 * as a package, the `dependencies` graph and the vulnerabilities. A document that is not
 * CycloneDX, of an unknown spec version or with a malformed component throws an SbomError
 * naming the JSON path of the problem.
 */
export async function* readCycloneDxJson(file: string, fromPath: string): AsyncGenerator<SbomEvent> {
  const checks: BomChecks = new BomChecks(basename(file));
  const header: Json = {};
  for await (const entry of streamTopLevel(file, new Set(['components', 'dependencies', 'vulnerabilities']))) {
    if (!('item' in entry)) {
      if (['bomFormat', 'specVersion', 'serialNumber', 'version', 'metadata'].includes(entry.key)) {
        header[entry.key] = entry.value;
        if (entry.key === 'bomFormat' || entry.key === 'specVersion') {
          checkHeader(header, checks, false);
        }
      }
      continue;
    }
    const where = `${entry.key}[${entry.index}]`;
    if (entry.key === 'components') {
      yield* componentEvents(entry.item, where, checks, fromPath);
    } else if (entry.key === 'dependencies') {
      yield* dependencyEvents(entry.item, where, checks);
    } else {
      yield* vulnerabilityEvents(entry.item, where, checks);
    }
  }
  checkHeader(header, checks, true);
  yield { kind: 'header', header };
}

/** Reads a CycloneDX XML BOM (1.2 to 1.7, the version taken from its namespace). */
export async function* readCycloneDxXml(file: string, fromPath: string): AsyncGenerator<SbomEvent> {
  const checks: BomChecks = new BomChecks(basename(file));
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ['component', 'license', 'expression', 'hash', 'reference', 'property', 'dependency', 'vulnerability', 'target'].includes(name),
  });
  let document: Json;
  let content = '';
  try {
    content = await readFile(file, 'utf8');
    const valid = XMLValidator.validate(content);
    if (valid !== true) {
      checks.fail(`line ${valid.err.line}, column ${valid.err.col}`, `not valid XML: ${valid.err.msg}`);
    }
    document = parser.parse(content) as Json;
  } catch (error) {
    if (error instanceof SbomError) {
      throw error;
    }
    throw new SbomError(checks.file, `not valid XML: ${(error as Error).message}`);
  }
  if (!('bom' in document)) {
    checks.fail('root element', 'expected a CycloneDX <bom> element');
  }
  const bom = (typeof document.bom === 'object' && document.bom !== null ? document.bom : {}) as Json;
  // The parser drops namespace declarations: read the one of the root element from the text.
  const namespace = /<(?:\w+:)?bom\b[^>]*\bxmlns(?::\w+)?=["']([^"']*)["']/.exec(content)?.[1] ?? '';
  const version = /cyclonedx\.org\/schema\/bom\/(\d+\.\d+)/.exec(namespace)?.[1];
  if (!version) {
    checks.fail('<bom xmlns>', `the namespace "${namespace}" is not a CycloneDX BOM namespace`);
  }
  const header: Json = { bomFormat: 'CycloneDX', specVersion: version, serialNumber: bom['@serialNumber'], version: Number(bom['@version'] ?? 1) };
  checkHeader(header, checks, true);
  const components = xmlList(xmlChild(bom, 'components'), 'component');
  for (const [index, component] of components.entries()) {
    yield* componentEvents(xmlComponent(component), `components[${index}]`, checks, fromPath);
  }
  for (const [index, dependency] of xmlList(xmlChild(bom, 'dependencies'), 'dependency').entries()) {
    yield* dependencyEvents(
      { ref: dependency['@ref'], dependsOn: xmlList(dependency, 'dependency').map((d) => d['@ref']) },
      `dependencies[${index}]`,
      checks,
    );
  }
  for (const [index, vulnerability] of xmlList(xmlChild(bom, 'vulnerabilities'), 'vulnerability').entries()) {
    yield* vulnerabilityEvents(xmlVulnerability(vulnerability), `vulnerabilities[${index}]`, checks);
  }
  yield { kind: 'header', header };
}

function checkHeader(header: Json, checks: BomChecks, complete: boolean): void {
  if ('bomFormat' in header && header.bomFormat !== 'CycloneDX') {
    checks.fail('bomFormat', `expected "CycloneDX", found ${JSON.stringify(header.bomFormat)}`);
  }
  if ('specVersion' in header && !CYCLONEDX_SPEC_VERSIONS.includes(String(header.specVersion))) {
    checks.fail('specVersion', `CycloneDX ${String(header.specVersion)} is not supported (${CYCLONEDX_SPEC_VERSIONS[0]} to ${CYCLONEDX_SPEC_VERSIONS.at(-1)} are)`);
  }
  if (complete) {
    if (!('bomFormat' in header)) {
      checks.fail('bomFormat', 'the required field is missing');
    }
    if (!('specVersion' in header)) {
      checks.fail('specVersion', 'the required field is missing');
    }
  }
}

function* componentEvents(value: unknown, where: string, checks: BomChecks, fromPath: string): Generator<SbomEvent> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    checks.fail(where, 'a component must be an object');
  }
  const component = value as Json;
  const pkg = toPackage(component, where, checks, fromPath);
  yield { kind: 'package', package: pkg };
  const nested = component.components;
  if (nested !== undefined) {
    if (!Array.isArray(nested)) {
      checks.fail(`${where}.components`, 'must be an array');
    }
    for (const [index, child] of nested.entries()) {
      yield* componentEvents(child, `${where}.components[${index}]`, checks, fromPath);
    }
  }
}

function toPackage(component: Json, where: string, checks: BomChecks, fromPath: string): SbomPackage {
  const name = text(component.name);
  if (!name) {
    checks.fail(`${where}.name`, 'the required field is missing or empty');
  }
  if (typeof component.type !== 'string' || !component.type) {
    checks.fail(`${where}.type`, 'the required field is missing or empty');
  }
  for (const field of ['version', 'description', 'copyright', 'purl', 'bom-ref']) {
    if (component[field] !== undefined && typeof component[field] !== 'string') {
      checks.fail(`${where}.${field}`, `must be a string, found ${JSON.stringify(component[field])}`);
    }
  }
  const ref = text(component['bom-ref']);
  if (ref) {
    if (checks.refs.has(ref)) {
      checks.fail(`${where}.bom-ref`, `"${ref}" is used by another component: bom-refs must be unique`);
    }
    checks.refs.add(ref);
  }
  const purl = text(component.purl);
  const parts = purl ? purlFields(purl) : null;
  if (purl && !parts) {
    checks.fail(`${where}.purl`, `"${purl}" is not a valid package URL`);
  }
  const fields: Partial<PackageData> = {
    name,
    version: text(component.version),
    description: text(component.description),
    copyright: text(component.copyright),
    // The purl wins over name and version (as in ScanCode.io), where it says something.
    ...Object.fromEntries(Object.entries(parts ?? {}).filter(([, v]) => v !== null)),
    ...statementLicenseFields(licenseStatements(component.licenses, `${where}.licenses`, checks), fromPath),
    ...hashes(component.hashes, `${where}.hashes`, checks),
  };
  const extra: Json = {};
  const references = externalReferences(component.externalReferences, `${where}.externalReferences`, checks);
  if (Object.keys(references).length > 0) {
    extra.externalReferences = references;
    for (const [type, field] of Object.entries(REFERENCE_FIELDS)) {
      const url = references[type]?.[0];
      if (url && isBlank(fields[field])) {
        (fields as Json)[field] = url;
      }
    }
  }
  if (Array.isArray(component.components) && component.components.length > 0) {
    extra.nestedComponents = component.components
      .map((child) => text((child as Json | null)?.['bom-ref']))
      .filter((r): r is string => r !== null)
      .sort();
  }
  let filename: string | null = null;
  for (const [property, value] of properties(component.properties, `${where}.properties`, checks)) {
    const field = property.startsWith('aboutcode:') ? property.slice('aboutcode:'.length) : null;
    if (field === 'filename') {
      filename = value;
    } else if (field && PROPERTY_FIELDS.has(field)) {
      (fields as Json)[field] = value;
    } else if (property === 'ResolvedUrl' && isBlank(fields.download_url)) {
      fields.download_url = value;
    }
  }
  fields.extra_data = extra;
  const data = sbomPackageData(fields);
  return { package_uid: ref ?? `${data.purl ?? name}?uuid=${randomUUID()}`, filename, data };
}

function licenseStatements(value: unknown, where: string, checks: BomChecks): string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    checks.fail(where, 'must be an array');
  }
  return value.map((choice, index) => {
    const item = choice as Json | null;
    const license = item?.license as Json | undefined;
    const statement = text(item?.expression) ?? text(license?.id) ?? text(license?.name);
    if (!statement) {
      checks.fail(`${where}[${index}]`, 'a license needs an expression, a license.id or a license.name');
    }
    return statement;
  });
}

function hashes(value: unknown, where: string, checks: BomChecks): Partial<PackageData> {
  const out: Partial<Record<'md5' | 'sha1' | 'sha256' | 'sha512', string>> = {};
  if (value === undefined) {
    return out;
  }
  if (!Array.isArray(value)) {
    checks.fail(where, 'must be an array');
  }
  for (const [index, hash] of value.entries()) {
    const item = hash as Json | null;
    if (typeof item?.alg !== 'string' || typeof item.content !== 'string') {
      checks.fail(`${where}[${index}]`, 'a hash needs "alg" and "content" strings');
    }
    const field = HASH_FIELDS[item.alg];
    if (field) {
      out[field] = item.content.toLowerCase();
    }
  }
  return out;
}

function externalReferences(value: unknown, where: string, checks: BomChecks): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (value === undefined) {
    return out;
  }
  if (!Array.isArray(value)) {
    checks.fail(where, 'must be an array');
  }
  for (const [index, reference] of value.entries()) {
    const item = reference as Json | null;
    if (typeof item?.type !== 'string' || typeof item.url !== 'string') {
      checks.fail(`${where}[${index}]`, 'an external reference needs "type" and "url" strings');
    }
    (out[item.type] ??= []).push(item.url);
  }
  return out;
}

function properties(value: unknown, where: string, checks: BomChecks): [string, string][] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    checks.fail(where, 'must be an array');
  }
  return value.flatMap((property, index) => {
    const item = property as Json | null;
    if (typeof item?.name !== 'string') {
      checks.fail(`${where}[${index}].name`, 'the required field is missing');
    }
    const v = text(item.value);
    return v === null ? [] : [[item.name, v] as [string, string]];
  });
}

function* dependencyEvents(value: unknown, where: string, checks: BomChecks): Generator<SbomEvent> {
  const item = value as Json | null;
  if (typeof item?.ref !== 'string' || !item.ref) {
    checks.fail(`${where}.ref`, 'the required field is missing or empty');
  }
  const dependsOn = item.dependsOn ?? [];
  if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string')) {
    checks.fail(`${where}.dependsOn`, 'must be an array of bom-ref strings');
  }
  for (const to of dependsOn as string[]) {
    yield { kind: 'dependency', from: item.ref, to };
  }
}

function* vulnerabilityEvents(value: unknown, where: string, checks: BomChecks): Generator<SbomEvent> {
  const item = value as Json | null;
  if (!item || typeof item !== 'object') {
    checks.fail(where, 'a vulnerability must be an object');
  }
  const affects = item.affects ?? [];
  if (!Array.isArray(affects)) {
    checks.fail(`${where}.affects`, 'must be an array');
  }
  const advisory = {
    advisory_uid: text(item['bom-ref']) ?? text(item.id),
    advisory_id: text(item.id),
    summary: text(item.description) ?? text(item.detail),
    cdx_vulnerability_data: item,
  };
  for (const [index, affect] of affects.entries()) {
    const ref = text((affect as Json | null)?.ref);
    if (!ref) {
      checks.fail(`${where}.affects[${index}].ref`, 'the required field is missing');
    }
    yield { kind: 'vulnerability', ref, advisory };
  }
}

function xmlChild(node: Json | undefined, name: string): Json | undefined {
  const child = node?.[name];
  return typeof child === 'object' && child !== null ? (child as Json) : undefined;
}

function xmlList(node: Json | undefined, name: string): Json[] {
  const list = node?.[name];
  return Array.isArray(list) ? (list as unknown[]).map((item) => (typeof item === 'object' && item !== null ? (item as Json) : { '#text': item })) : [];
}

function xmlText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'object' && value !== null && '#text' in value) {
    return String((value as Json)['#text']);
  }
  return undefined;
}

/** An XML <component> in the shape of a JSON component, so one mapping and one set of checks serve both. */
function xmlComponent(node: Json): Json {
  const licenses = xmlChild(node, 'licenses');
  return {
    type: node['@type'],
    'bom-ref': node['@bom-ref'],
    name: xmlText(node.name),
    version: xmlText(node.version),
    description: xmlText(node.description),
    copyright: xmlText(node.copyright),
    purl: xmlText(node.purl),
    licenses: licenses
      ? [
          ...xmlList(licenses, 'license').map((l) => ({ license: { id: xmlText(l.id), name: xmlText(l.name) } })),
          ...xmlList(licenses, 'expression').map((e) => ({ expression: xmlText(e) })),
        ]
      : undefined,
    hashes: xmlChild(node, 'hashes') ? xmlList(xmlChild(node, 'hashes'), 'hash').map((h) => ({ alg: h['@alg'], content: xmlText(h) })) : undefined,
    externalReferences: xmlChild(node, 'externalReferences')
      ? xmlList(xmlChild(node, 'externalReferences'), 'reference').map((r) => ({ type: r['@type'], url: xmlText(r.url) }))
      : undefined,
    properties: xmlChild(node, 'properties') ? xmlList(xmlChild(node, 'properties'), 'property').map((p) => ({ name: p['@name'], value: xmlText(p) })) : undefined,
    components: xmlChild(node, 'components') ? xmlList(xmlChild(node, 'components'), 'component').map(xmlComponent) : undefined,
  };
}

function xmlVulnerability(node: Json): Json {
  return {
    'bom-ref': node['@bom-ref'],
    id: xmlText(node.id),
    description: xmlText(node.description),
    detail: xmlText(node.detail),
    source: xmlChild(node, 'source') ? { name: xmlText(xmlChild(node, 'source')?.name), url: xmlText(xmlChild(node, 'source')?.url) } : undefined,
    affects: xmlList(xmlChild(node, 'affects'), 'target').map((t) => ({ ref: xmlText(t.ref) })),
  };
}
