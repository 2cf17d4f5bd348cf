import type { DatafileHandler, DatafileInput } from './handler';
import { decodeText } from './fields';
import { makeDependency, makePackageData, type DependentPackage, type PackageData } from './models';
import { buildPurl } from './purl';

/** Returns namespace and name of a Go module path (last segment is the name). */
export function splitModulePath(path: string): { namespace: string | null; name: string } {
  const slash = path.lastIndexOf('/');
  return slash > 0
    ? { namespace: path.slice(0, slash), name: path.slice(slash + 1) }
    : { namespace: null, name: path };
}

function goUrls(module: string, version: string | null): Partial<PackageData> {
  return {
    homepage_url: `https://pkg.go.dev/${module}`,
    repository_homepage_url: `https://pkg.go.dev/${module}`,
    vcs_url: `https://${module}.git`,
    api_data_url: version ? `https://proxy.golang.org/${module.toLowerCase()}/@v/${version}.info` : null,
  };
}

function goDependency(
  module: string,
  version: string,
  scope: string,
  extra: Partial<DependentPackage> = {},
): DependentPackage {
  const { namespace, name } = splitModulePath(module);
  return makeDependency({
    purl: buildPurl({ type: 'golang', namespace, name, version }),
    extracted_requirement: version,
    scope,
    is_pinned: true,
    ...extra,
  });
}

function parseGoMod({ content }: DatafileInput): PackageData[] {
  let module: string | null = null;
  const dependencies: DependentPackage[] = [];
  let block: string | null = null;
  for (const raw of decodeText(content).split(/\r?\n/)) {
    const indirect = /\/\/\s*indirect/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (line === '') {
      continue;
    }
    if (block) {
      if (line === ')') {
        block = null;
        continue;
      }
      addDirective(block, line, indirect);
      continue;
    }
    const m = /^(module|require|exclude|replace|retract|go|toolchain)\s*(.*)$/.exec(line);
    if (!m) {
      continue;
    }
    const [, verb = '', rest = ''] = m;
    if (verb === 'module') {
      module = rest.replace(/^"|"$/g, '');
    } else if (rest === '(') {
      block = verb;
    } else {
      addDirective(verb, rest, indirect);
    }
  }
  function addDirective(verb: string, line: string, indirect: boolean): void {
    const [mod, version] = line.split(/\s+/);
    if ((verb === 'require' || verb === 'exclude') && mod && version) {
      dependencies.push(
        goDependency(mod, version, verb, {
          is_direct: !indirect,
          is_runtime: verb === 'require',
          extra_data: indirect ? { indirect: true } : {},
        }),
      );
    }
  }
  if (!module) {
    throw new Error('go.mod without a module directive');
  }
  const { namespace, name } = splitModulePath(module);
  return [
    makePackageData({
      datasource_id: 'go_mod',
      type: 'golang',
      namespace,
      name,
      primary_language: 'Go',
      ...goUrls(module, null),
      dependencies,
    }),
  ];
}

function parseGoSum({ content }: DatafileInput): PackageData[] {
  const seen = new Set<string>();
  const dependencies: DependentPackage[] = [];
  for (const line of decodeText(content).split(/\r?\n/)) {
    const [mod, rawVersion] = line.trim().split(/\s+/);
    if (!mod || !rawVersion) {
      continue;
    }
    const version = rawVersion.replace(/\/go\.mod$/, '');
    if (!seen.has(`${mod}@${version}`)) {
      seen.add(`${mod}@${version}`);
      dependencies.push(goDependency(mod, version, 'dependency', { is_direct: false }));
    }
  }
  return [makePackageData({ datasource_id: 'go_sum', type: 'golang', primary_language: 'Go', dependencies })];
}

export const goModHandler: DatafileHandler = {
  datasourceId: 'go_mod',
  packageType: 'golang',
  patterns: ['*/go.mod'],
  parse: parseGoMod,
};
export const goSumHandler: DatafileHandler = {
  datasourceId: 'go_sum',
  packageType: 'golang',
  patterns: ['*/go.sum'],
  parse: parseGoSum,
};
