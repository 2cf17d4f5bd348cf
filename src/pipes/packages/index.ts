import { fnmatchToRegExp, type DatafileHandler } from './handler';
import type { ParseProblem, ParseResult } from './models';
import { alpineInstalledHandler } from './alpine';
import { cargoLockHandler, cargoTomlHandler } from './cargo';
import { podfileHandler, podfileLockHandler, podspecHandler, podspecJsonHandler } from './cocoapods';
import { composerJsonHandler, composerLockHandler } from './composer';
import { buildGradleHandler } from './gradle';
import { csprojHandler, nugetPackagesLockHandler, nuspecHandler, packagesConfigHandler } from './nuget';
import { condaMetaYamlHandler, condaYamlHandler, pubspecLockHandler, pubspecYamlHandler } from './pub-conda';
import { rpmSqliteHandler } from './rpm';
import { gemfileHandler, gemfileLockHandler, gemspecHandler } from './rubygems';
import { debianControlHandler, debianInstalledStatusHandler } from './debian';
import { debianCopyrightHandler } from './debian-copyright';
import { goModHandler, goSumHandler } from './golang';
import { javaManifestHandler, mavenPomHandler } from './maven';
import { npmPackageJsonHandler } from './npm';
import { npmPackageLockHandler, npmShrinkwrapHandler } from './npm-lockfile';
import {
  pypiEditableEggPkginfoHandler,
  pypiEggPkginfoHandler,
  pypiSdistPkginfoHandler,
  pypiWheelMetadataHandler,
} from './pypi';
import { pipfileHandler, poetryLockHandler, pypiPyprojectHandler, uvLockHandler } from './pypi-pyproject';
import {
  pipfileLockHandler,
  pipRequirementsHandler,
  pypiSetupCfgHandler,
  pypiSetupPyHandler,
} from './pypi-requirements';
import { pnpmLockHandler, pnpmWorkspaceHandler, yarnLockHandler } from './yarn-pnpm';

export type { DatafileHandler, DatafileInput } from './handler';
export type * from './models';

// Order matters where patterns overlap: the first handler that yields data wins, as in ScanCode.
const APPLICATION_HANDLERS: DatafileHandler[] = [
  npmPackageJsonHandler,
  npmPackageLockHandler,
  npmShrinkwrapHandler,
  yarnLockHandler,
  pnpmLockHandler,
  pnpmWorkspaceHandler,
  pypiWheelMetadataHandler,
  pypiEggPkginfoHandler,
  pypiEditableEggPkginfoHandler,
  pypiSdistPkginfoHandler,
  pypiSetupPyHandler,
  pypiSetupCfgHandler,
  pypiPyprojectHandler,
  poetryLockHandler,
  uvLockHandler,
  pipfileLockHandler,
  pipfileHandler,
  pipRequirementsHandler,
  mavenPomHandler,
  javaManifestHandler,
  goModHandler,
  goSumHandler,
  cargoTomlHandler,
  cargoLockHandler,
  buildGradleHandler,
  gemspecHandler,
  gemfileHandler,
  gemfileLockHandler,
  composerJsonHandler,
  composerLockHandler,
  nuspecHandler,
  packagesConfigHandler,
  csprojHandler,
  nugetPackagesLockHandler,
  podfileLockHandler,
  podspecJsonHandler,
  podspecHandler,
  podfileHandler,
  pubspecYamlHandler,
  pubspecLockHandler,
  condaMetaYamlHandler,
  condaYamlHandler,
  debianControlHandler,
  debianCopyrightHandler,
];

const SYSTEM_HANDLERS: DatafileHandler[] = [
  debianInstalledStatusHandler,
  alpineInstalledHandler,
  rpmSqliteHandler,
];

const compiled = new Map<DatafileHandler, RegExp[]>();

function matches(handler: DatafileHandler, path: string): boolean {
  let regexps = compiled.get(handler);
  if (!regexps) {
    regexps = handler.patterns.map(fnmatchToRegExp);
    compiled.set(handler, regexps);
  }
  // Patterns like `*/package.json` must also match a file at the codebase root.
  const rooted = path.startsWith('/') ? path : `/${path}`;
  return regexps.some((re) => re.test(rooted));
}

export interface HandlerOptions {
  /** Include installed system package databases (dpkg status, apk installed, rpmdb). */
  system?: boolean;
}

/** Returns the handlers whose path patterns match a codebase-relative path. */
export function findHandlers(path: string, options: HandlerOptions = {}): DatafileHandler[] {
  const handlers = options.system ? [...APPLICATION_HANDLERS, ...SYSTEM_HANDLERS] : APPLICATION_HANDLERS;
  return handlers.filter((h) => matches(h, path));
}

/** Returns true when some handler recognises the path as a manifest or lockfile. */
export function isDatafile(path: string, options: HandlerOptions = {}): boolean {
  return findHandlers(path, options).length > 0;
}

/**
 * Returns the package_data records of one file and the problems met; never throws. The first
 * matching handler that yields records wins; a handler failing on malformed content is a problem.
 */
export function parseDatafile(
  path: string,
  content: Buffer | string,
  options: HandlerOptions & { readFile?: (path: string) => Buffer | null } = {},
): ParseResult {
  const problems: ParseProblem[] = [];
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  for (const handler of findHandlers(path, options)) {
    try {
      const packages = handler.parse({ path, content: buffer, readFile: options.readFile });
      if (packages.length > 0) {
        return { packages, problems };
      }
    } catch (error) {
      problems.push({
        path,
        datasource_id: handler.datasourceId,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { packages: [], problems };
}

/** Returns all registered handlers (application first, then system databases). */
export function allHandlers(): readonly DatafileHandler[] {
  return [...APPLICATION_HANDLERS, ...SYSTEM_HANDLERS];
}
