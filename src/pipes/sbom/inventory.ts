import { basename } from 'node:path';
import { SbomError } from './errors';
import { streamTopLevel } from './json-stream';
import { purlFields } from './model';

/** The scan result formats load_inventory reads, by `headers[0].tool_name`. */
export type InventoryKind = 'scancode-toolkit' | 'scanpipe';

/** What reading a scan result yields: rows with ScanCode.io's field names, in document order. */
export type InventoryEvent =
  | { kind: 'header'; header: Record<string, unknown> }
  | { kind: 'license'; record: Record<string, unknown> }
  | { kind: 'package'; package_uid: string; record: Record<string, unknown> }
  | { kind: 'dependency'; record: Record<string, unknown>; for_package_uid: string | null; resolved_to_package_uid: string | null; datafile_path: string | null }
  | { kind: 'resource'; record: Record<string, unknown>; for_packages: string[] }
  | { kind: 'relation'; from_path: string; to_path: string; map_type: string; extra_data: Record<string, unknown> };

type Json = Record<string, unknown>;

const SECTIONS = new Set(['headers', 'packages', 'dependencies', 'license_detections', 'files', 'relations']);

/** Returns which tool wrote a JSON scan result, from its first header; throws when it is neither. */
export async function inventoryKind(file: string): Promise<InventoryKind> {
  for await (const entry of streamTopLevel(file, SECTIONS)) {
    if (entry.key !== 'headers') {
      continue;
    }
    const tool = 'item' in entry ? (entry.item as Json | null)?.tool_name : undefined;
    if (tool === 'scancode-toolkit' || tool === 'scanpipe') {
      return tool;
    }
    throw new SbomError(basename(file), `Input not supported: headers[0].tool_name is ${JSON.stringify(tool ?? null)}; load_inventory reads ScanCode-toolkit ("scancode-toolkit") and ScanCode.io or Scanloom ("scanpipe") JSON results`);
  }
  throw new SbomError(basename(file), 'Input not supported: the document has no "headers" list, so it is not a ScanCode-toolkit or ScanCode.io JSON result');
}

/**
 * Reads a ScanCode-toolkit or ScanCode.io/Scanloom JSON result as a stream of rows. Toolkit paths
 * lose their first segment (the scanned root folder) as ScanCode.io does; a row without its
 * required fields throws an SbomError naming its place.
 */
export async function* readInventory(file: string, kind: InventoryKind): AsyncGenerator<InventoryEvent> {
  const name = basename(file);
  const fail: (where: string, problem: string) => never = (where, problem) => {
    throw new SbomError(name, problem, where);
  };
  const toolkit = kind === 'scancode-toolkit';
  const strip = (path: unknown): string | null => {
    if (typeof path !== 'string' || path === '') {
      return null;
    }
    if (!toolkit) {
      return path;
    }
    const slash = path.indexOf('/');
    return slash < 0 ? '' : path.slice(slash + 1);
  };
  for await (const entry of streamTopLevel(file, SECTIONS)) {
    if (!('item' in entry)) {
      continue;
    }
    const where = `${entry.key}[${entry.index}]`;
    const item = entry.item as Json;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail(where, 'expected an object');
    }
    switch (entry.key) {
      case 'headers':
        if (entry.index === 0) {
          yield { kind: 'header', header: item };
        }
        break;
      case 'license_detections':
        if (typeof item.identifier !== 'string' || !item.identifier) {
          fail(`${where}.identifier`, 'the required field is missing');
        }
        yield { kind: 'license', record: { ...item, matches: item.matches ?? item.reference_matches ?? [] } };
        break;
      case 'packages': {
        const uid = typeof item.package_uid === 'string' && item.package_uid ? item.package_uid : null;
        if (!uid) {
          fail(`${where}.package_uid`, 'the required field is missing');
        }
        const datafiles = Array.isArray(item.datafile_paths) ? item.datafile_paths.map(strip).filter((p): p is string => p !== null) : [];
        yield { kind: 'package', package_uid: uid, record: { ...withPurl(item, `${where}.purl`, fail), datafile_paths: datafiles } };
        break;
      }
      case 'dependencies':
        yield {
          kind: 'dependency',
          record: { ...withPurl(item, `${where}.purl`, fail), type: item.package_type ?? purlType(item.purl) },
          for_package_uid: text(item.for_package_uid),
          resolved_to_package_uid: text(item.resolved_to_package_uid),
          datafile_path: strip(item.datafile_path),
        };
        break;
      case 'files': {
        const path = strip(item.path);
        if (path === null) {
          fail(`${where}.path`, 'the required field is missing');
        }
        if (path === '') {
          break; // the toolkit's scanned root folder itself
        }
        const forPackages = Array.isArray(item.for_packages) ? item.for_packages.filter((u): u is string => typeof u === 'string') : [];
        const status = toolkit ? (forPackages.length > 0 ? 'application-package' : '') : typeof item.status === 'string' ? item.status : '';
        yield { kind: 'resource', record: { ...item, path, status }, for_packages: forPackages };
        break;
      }
      case 'relations': {
        const from = text(item.from_resource);
        const to = text(item.to_resource);
        if (!from || !to || typeof item.map_type !== 'string') {
          fail(where, 'a relation needs "from_resource", "to_resource" and "map_type"');
        }
        yield { kind: 'relation', from_path: from, to_path: to, map_type: item.map_type, extra_data: scoreData(item.score) };
        break;
      }
    }
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function purlType(purl: unknown): string {
  return typeof purl === 'string' ? (purlFields(purl)?.type ?? '') : '';
}

/** The row with purl fields filled from its `purl` when they are absent (dependency rows only have the purl). */
function withPurl(item: Json, where: string, fail: (where: string, problem: string) => never): Json {
  if (typeof item.name === 'string' && item.name) {
    return item;
  }
  if (typeof item.purl !== 'string' || !item.purl) {
    return item;
  }
  const parts = purlFields(item.purl);
  if (!parts) {
    fail(where, `"${item.purl}" is not a valid package URL`);
  }
  return { ...item, ...parts };
}

/** ScanCode.io writes a relation's score as `path_score[ diff_ratio: r]`. */
function scoreData(score: unknown): Json {
  if (typeof score !== 'string' || score === '') {
    return {};
  }
  const match = /^(.*?)(?: diff_ratio: (.*))?$/.exec(score);
  return { ...(match?.[1] ? { path_score: match[1] } : {}), ...(match?.[2] ? { diff_ratio: match[2] } : {}) };
}
