import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parsePoliciesYaml, PolicyError, readPoliciesValue, type Policies } from './policies';

export const POLICIES_FILENAME = 'policies.yml';

/** Where a project's policies come from, first hit wins (ScanCode.io's order). */
export type PolicySource = 'settings' | 'input' | 'codebase' | 'global';

export interface EffectivePolicies {
  source: PolicySource | null;
  /** `settings.policies`, `input/policies.yml`, `codebase/<dir>/policies.yml` or the global file's path. */
  location: string | null;
  policies: Policies | null;
  /** Set when several codebase/*\/policies.yml were found and none was used. */
  warning?: { description: string; files: string[] };
}

/** The global policies file: loaded once at startup, null when absent or empty. */
export interface GlobalPolicies {
  file: string;
  policies: Policies | null;
}

/**
 * Load the global policies file. A missing file or one with only comments means no
 * global policies; an invalid one throws PolicyError.
 */
export function loadGlobalPolicies(file: string): GlobalPolicies {
  if (!fs.existsSync(file)) {
    return { file, policies: null };
  }
  return { file, policies: parsePoliciesFile(file) };
}

/** A policies file; an empty document (comments only) gives null. */
export function parsePoliciesFile(file: string): Policies | null {
  const text = fs.readFileSync(file, 'utf8');
  return isEmptyDocument(text) ? null : parsePoliciesYaml(text);
}

function isEmptyDocument(text: string): boolean {
  try {
    return parseYaml(text) === null;
  } catch {
    return false; // parsePoliciesYaml reports the syntax error
  }
}

/** True when settings.policies holds something: ScanCode.io ignores empty settings. */
export function hasSettingsPolicies(settings: Readonly<Record<string, unknown>>): boolean {
  const value = settings.policies;
  if (value === undefined || value === null) {
    return false;
  }
  if (typeof value === 'string') {
    return value.trim() !== '';
  }
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

/**
 * The effective policies of a project: `settings.policies`, else `input/policies.yml`,
 * else the one `codebase/*\/policies.yml`, else the global file. Invalid policies throw
 * PolicyError naming where they were read.
 */
export function resolveProjectPolicies(
  project: { settings: Readonly<Record<string, unknown>>; work_directory: string },
  global: GlobalPolicies,
): EffectivePolicies {
  if (hasSettingsPolicies(project.settings)) {
    return { source: 'settings', location: 'settings.policies', policies: readAt('settings.policies', () => readPoliciesValue(project.settings.policies)) };
  }
  const inputFile = path.join(project.work_directory, 'input', POLICIES_FILENAME);
  if (isFile(inputFile)) {
    const location = `input/${POLICIES_FILENAME}`;
    return { source: 'input', location, policies: readAt(location, () => parsePoliciesFile(inputFile)) };
  }
  const codebase = path.join(project.work_directory, 'codebase');
  const found = listDirectories(codebase)
    .map((dir) => `codebase/${dir}/${POLICIES_FILENAME}`)
    .filter((location) => isFile(path.join(project.work_directory, location)));
  if (found.length === 1) {
    const location = found[0]!;
    return { source: 'codebase', location, policies: readAt(location, () => parsePoliciesFile(path.join(project.work_directory, location))) };
  }
  const fallback: EffectivePolicies = global.policies
    ? { source: 'global', location: global.file, policies: global.policies }
    : { source: null, location: null, policies: null };
  if (found.length > 1) {
    fallback.warning = { description: `More than one ${POLICIES_FILENAME} found. Could not determine which one to use.`, files: found };
  }
  return fallback;
}

function readAt<T>(location: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PolicyError) {
      throw new PolicyError(`Invalid policies in ${location}: ${error.message}`);
    }
    throw error;
  }
}

function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function listDirectories(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
