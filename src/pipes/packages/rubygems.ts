import type { DatafileHandler, DatafileInput } from './handler';
import { decodeText } from './fields';
import { declaredLicenseFields } from './licensing';
import {
  makeDependency,
  makePackageData,
  makeParty,
  type DependentPackage,
  type PackageData,
} from './models';
import { buildPurl } from './purl';

// Ruby manifests are Ruby code: they are read with patterns, never evaluated.

/** Returns the rubygems.org URLs ScanCode derives for a gem. */
export function gemUrls(name: string, version: string | null): Partial<PackageData> {
  return {
    repository_homepage_url: version
      ? `https://rubygems.org/gems/${name}/versions/${version}`
      : `https://rubygems.org/gems/${name}`,
    repository_download_url: version ? `https://rubygems.org/downloads/${name}-${version}.gem` : null,
    download_url: version ? `https://rubygems.org/downloads/${name}-${version}.gem` : null,
    api_data_url: version
      ? `https://rubygems.org/api/v2/rubygems/${name}/versions/${version}.json`
      : `https://rubygems.org/api/v1/versions/${name}.json`,
  };
}

/** Returns the string literals of a Ruby expression ("…", '…', %q<…>), in order. */
export function rubyStrings(text: string): string[] {
  return [...text.matchAll(/%q<([^>]*)>|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)].map((m) =>
    (m[1] ?? m[2] ?? m[3] ?? '').replace(/\\n/g, '\n'),
  );
}

function gemDependency(name: string, requirements: string[], scope: string): DependentPackage {
  const requirement = requirements.join(', ') || null;
  const exact =
    requirements.length === 1 && /^=?\s*\d[\w.]*$/.test(requirements[0] ?? '')
      ? (requirements[0] ?? '').replace(/^=\s*/, '')
      : null;
  return makeDependency({
    purl: buildPurl({ type: 'gem', namespace: null, name, version: exact }),
    extracted_requirement: requirement,
    scope,
    is_runtime: scope !== 'development',
    is_optional: scope === 'development',
    is_pinned: exact !== null,
  });
}

function parseGemspec({ path, content }: DatafileInput): PackageData[] {
  const text = decodeText(content);
  const attr = (key: string): string[] => {
    const m = new RegExp(`^\\s*\\w+\\.${key}\\s*=\\s*(.+)$`, 'm').exec(text);
    return m?.[1] ? rubyStrings(m[1]) : [];
  };
  const name = attr('name')[0] ?? null;
  const version = attr('version')[0] ?? null;
  const seen = new Set<string>();
  const dependencies: DependentPackage[] = [];
  for (const m of text.matchAll(/\.add_(runtime_|development_)?dependency\s*\(?\s*(.+?)\)?\s*$/gm)) {
    const [depName, ...reqs] = rubyStrings(m[2] ?? '');
    // Generated gemspecs repeat each dependency in an `else` branch: the first declaration wins.
    if (depName && !seen.has(depName)) {
      seen.add(depName);
      dependencies.push(gemDependency(depName, reqs, m[1] === 'development_' ? 'development' : 'runtime'));
    }
  }
  const licenses = [...attr('licenses'), ...attr('license')];
  const emails = attr('email');
  const metadata = /\.metadata\s*=\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
  const meta = (key: string): string | null =>
    new RegExp(`"${key}"\\s*=>\\s*"([^"]+)"`).exec(metadata)?.[1] ?? null;
  return [
    makePackageData({
      datasource_id: path.includes('/specifications/') ? 'gem_gemspec_installed_specifications' : 'gemspec',
      type: 'gem',
      name,
      version,
      primary_language: 'Ruby',
      description: [attr('summary')[0], attr('description')[0]].filter(Boolean).join('\n').trim() || null,
      homepage_url: attr('homepage')[0] ?? null,
      bug_tracking_url: meta('bug_tracker_uri'),
      code_view_url: meta('source_code_uri'),
      release_date: attr('date')[0] ?? null,
      parties: attr('authors').map((a, i) => makeParty('author', a, emails[i] ?? null)),
      ...(name ? gemUrls(name, version) : {}),
      ...declaredLicenseFields(licenses.length > 1 ? licenses : (licenses[0] ?? null), path),
      dependencies,
    }),
  ];
}

export const gemspecHandler: DatafileHandler = {
  datasourceId: 'gemspec',
  packageType: 'gem',
  patterns: ['*.gemspec'],
  parse: parseGemspec,
};

function parseGemfile({ content }: DatafileInput): PackageData[] {
  const dependencies: DependentPackage[] = [];
  let groups: string[] = [];
  for (const line of decodeText(content).split(/\r?\n/)) {
    const group = /^\s*group\s+(.+?)\s+do\b/.exec(line);
    if (group?.[1]) {
      groups = [...group[1].matchAll(/:(\w+)/g)].map((g) => g[1] ?? '');
      continue;
    }
    if (/^\s*end\b/.test(line)) {
      groups = [];
      continue;
    }
    const gem = /^\s*gem\s+(.+)$/.exec(line.replace(/#.*$/, ''));
    if (gem?.[1]) {
      const [name, ...rest] = rubyStrings(gem[1].split(/,\s*\w+:/)[0] ?? '');
      if (name) {
        const scope = groups.includes('development') || groups.includes('test') ? 'development' : 'runtime';
        dependencies.push(gemDependency(name, rest, groups.length > 0 ? groups.join(',') : scope));
      }
    }
  }
  return [makePackageData({ datasource_id: 'gemfile', type: 'gem', primary_language: 'Ruby', dependencies })];
}

export const gemfileHandler: DatafileHandler = {
  datasourceId: 'gemfile',
  packageType: 'gem',
  patterns: ['*/Gemfile', '*/*.gemfile', '*/Gemfile-*'],
  parse: parseGemfile,
};

function parseGemfileLock({ content }: DatafileInput): PackageData[] {
  const dependencies: DependentPackage[] = [];
  let section = '';
  const direct = new Set<string>();
  const specs: Array<{ name: string; version: string; section: string }> = [];
  for (const line of decodeText(content).split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      section = line.trim();
      continue;
    }
    const spec = /^ {4}(\S+) \(([^)]+)\)$/.exec(line);
    if (spec?.[1] && spec[2] && ['GEM', 'GIT', 'PATH'].includes(section)) {
      specs.push({ name: spec[1], version: spec[2], section });
    }
    const dep = /^ {2}(\S+?)!?(?: \(.*\))?$/.exec(line);
    if (section === 'DEPENDENCIES' && dep?.[1]) {
      direct.add(dep[1]);
    }
  }
  for (const { name, version, section: source } of specs) {
    const platform = /-(x86|arm|java|universal|aarch64|mingw|mswin)/.exec(version);
    const bare = platform ? version.slice(0, platform.index) : version;
    dependencies.push(
      makeDependency({
        purl: buildPurl({
          type: 'gem',
          namespace: null,
          name,
          version: bare,
          qualifiers: platform ? { platform: version.slice(platform.index + 1) } : {},
        }),
        extracted_requirement: version,
        scope: 'dependencies',
        is_pinned: true,
        is_direct: direct.has(name),
        resolved_package: makePackageData({
          datasource_id: 'gemfile_lock',
          type: 'gem',
          name,
          version: bare,
          primary_language: 'Ruby',
          ...gemUrls(name, bare),
        }),
        extra_data: source === 'GEM' ? {} : { source },
      }),
    );
  }
  return [
    makePackageData({ datasource_id: 'gemfile_lock', type: 'gem', primary_language: 'Ruby', dependencies }),
  ];
}

export const gemfileLockHandler: DatafileHandler = {
  datasourceId: 'gemfile_lock',
  packageType: 'gem',
  patterns: ['*/Gemfile.lock'],
  parse: parseGemfileLock,
};
