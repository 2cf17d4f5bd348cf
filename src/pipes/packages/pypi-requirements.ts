import type { DatafileHandler, DatafileInput } from './handler';
import { asDict, asText, decodeText, entriesOf } from './fields';
import { declaredLicenseFields } from './licensing';
import {
  makeDependency,
  makePackageData,
  makeParty,
  type DependentPackage,
  type PackageData,
} from './models';
import { buildPurl } from './purl';
import { canonicalPypiName, pypiDependency } from './pypi-requirement';
import { pypiLicenseItems, pypiLicenseStatement, pypiUrls } from './pypi';

function logicalLines(text: string): string[] {
  // Backslash continuations join lines; comments start at " #" or at the line start.
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

function parseRequirementsFile({ content }: DatafileInput): PackageData[] {
  const dependencies: DependentPackage[] = [];
  const extra: { index_url?: string; requirement_files: string[]; constraint_files: string[] } = {
    requirement_files: [],
    constraint_files: [],
  };
  let extraName: string | null = null;
  for (const line of logicalLines(decodeText(content))) {
    const option = /^(-r|--requirement|-c|--constraint|-i|--index-url|-e|--editable)[\s=]+(\S+)/.exec(line);
    if (option) {
      const [, flag, value = ''] = option;
      if (flag === '-r' || flag === '--requirement') {
        extra.requirement_files.push(value);
      } else if (flag === '-c' || flag === '--constraint') {
        extra.constraint_files.push(value);
      } else if (flag === '-i' || flag === '--index-url') {
        extra.index_url = value;
      } else {
        dependencies.push(urlDependency(value, true));
      }
      continue;
    }
    if (line.startsWith('-')) {
      continue;
    }
    // egg-info requires.txt groups extras under "[extra]" or "[extra:marker]" headers.
    const section = /^\[([^\]]*)\]$/.exec(line);
    if (section) {
      extraName = (section[1] ?? '').split(':')[0] || null;
      continue;
    }
    if (/^(git\+|hg\+|svn\+|bzr\+|https?:|file:)/.test(line)) {
      dependencies.push(urlDependency(line, false));
      continue;
    }
    const dep = pypiDependency(
      line.replace(/\s--hash[=\s]\S+/g, ''),
      extraName ?? 'install',
      extraName ? { is_optional: true } : {},
    );
    if (dep) {
      dependencies.push(dep);
    }
  }
  return [
    makePackageData({
      datasource_id: 'pip_requirements',
      type: 'pypi',
      primary_language: 'Python',
      dependencies,
      extra_data: extra,
    }),
  ];
}

function urlDependency(url: string, isEditable: boolean): DependentPackage {
  const egg = /#egg=([A-Za-z0-9._-]+)/.exec(url)?.[1];
  return makeDependency({
    purl: buildPurl({
      type: 'pypi',
      namespace: null,
      name: canonicalPypiName(
        egg ??
          url
            .split('/')
            .pop()
            ?.replace(/\.git$/, '') ??
          'unknown',
      ),
      version: null,
    }),
    extracted_requirement: url,
    scope: 'install',
    extra_data: { is_editable: isEditable, link: url },
  });
}

export const pipRequirementsHandler: DatafileHandler = {
  datasourceId: 'pip_requirements',
  packageType: 'pypi',
  patterns: [
    '*requirement*.txt',
    '*requirement*.pip',
    '*requirement*.in',
    '*requires.txt',
    '*requirements/*.txt',
    '*requirements/*.pip',
    '*requirements/*.in',
    '*reqs.txt',
  ],
  parse: parseRequirementsFile,
};

/** Returns the sections of a Python configparser file; continuation lines append to the previous key. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  let lastKey: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') {
      continue;
    }
    const section = /^\[([^\]]+)\]/.exec(raw);
    if (section?.[1]) {
      current = new Map();
      sections.set(section[1].trim(), current);
      lastKey = null;
    } else if (/^\s/.test(raw) && current && lastKey) {
      current.set(lastKey, `${current.get(lastKey) ?? ''}\n${raw.trim()}`.trim());
    } else if (current) {
      const m = /^([^=:]+)[=:](.*)$/.exec(raw);
      if (m?.[1]) {
        lastKey = m[1].trim();
        current.set(lastKey, (m[2] ?? '').trim());
      }
    }
  }
  return sections;
}

function parseSetupCfg({ path, content }: DatafileInput): PackageData[] {
  const ini = parseIni(decodeText(content));
  const meta = ini.get('metadata') ?? new Map<string, string>();
  const options = ini.get('options') ?? new Map<string, string>();
  const rawName = meta.get('name') ?? null;
  const name = rawName ? canonicalPypiName(rawName) : null;
  const version = meta.get('version') ?? null;
  const lines = (v: string | undefined): string[] =>
    (v ?? '')
      .split(/\n|;(?=\s*[A-Za-z])/)
      .map((s) => s.trim())
      .filter(Boolean);
  const dependencies: DependentPackage[] = [];
  for (const [key, scope] of [
    ['install_requires', 'install'],
    ['tests_require', 'tests'],
    ['setup_requires', 'setup'],
  ] as const) {
    for (const line of lines(options.get(key))) {
      const dep = pypiDependency(
        line,
        scope,
        scope === 'install' ? {} : { is_runtime: false, is_optional: true },
      );
      if (dep) {
        dependencies.push(dep);
      }
    }
  }
  for (const [extra, value] of ini.get('options.extras_require') ?? new Map<string, string>()) {
    for (const line of lines(value)) {
      const dep = pypiDependency(line, extra, { is_optional: true });
      if (dep) {
        dependencies.push(dep);
      }
    }
  }
  const classifiers = lines(meta.get('classifiers'));
  const statement = pypiLicenseStatement(meta.get('license') ?? null, classifiers);
  const author = meta.get('author');
  return [
    makePackageData({
      datasource_id: 'pypi_setup_cfg',
      type: 'pypi',
      name,
      version: version && !version.startsWith('attr:') ? version : null,
      primary_language: 'Python',
      description: meta.get('description') ?? null,
      homepage_url: meta.get('url') ?? meta.get('home_page') ?? null,
      parties:
        author || meta.get('author_email')
          ? [makeParty('author', author ?? null, meta.get('author_email') ?? null)]
          : [],
      keywords: lines(meta.get('keywords')).flatMap((k) => k.split(/,\s*/)),
      ...(name ? pypiUrls(name, version) : {}),
      ...declaredLicenseFields(pypiLicenseItems(statement), path),
      extracted_license_statement: declaredLicenseFields(statement, path).extracted_license_statement,
      dependencies,
    }),
  ];
}

export const pypiSetupCfgHandler: DatafileHandler = {
  datasourceId: 'pypi_setup_cfg',
  packageType: 'pypi',
  patterns: ['*setup.cfg'],
  parse: parseSetupCfg,
};

// setup.py is never executed: only literal keyword arguments are read, as a static scan can.
function parseSetupPy({ path, content }: DatafileInput): PackageData[] {
  const text = decodeText(content);
  const literal = (key: string): string | null =>
    new RegExp(`\\b${key}\\s*=\\s*['"]([^'"]+)['"]`).exec(text)?.[1] ?? null;
  const rawName = literal('name');
  const name = rawName ? canonicalPypiName(rawName) : null;
  const version = literal('version');
  const requires = /install_requires\s*=\s*\[([^\]]*)\]/.exec(text)?.[1] ?? '';
  const dependencies = [...requires.matchAll(/['"]([^'"]+)['"]/g)]
    .map((m) => pypiDependency(m[1] ?? '', 'install'))
    .filter((d): d is DependentPackage => d !== null);
  const license = literal('license');
  return [
    makePackageData({
      datasource_id: 'pypi_setup_py',
      type: 'pypi',
      name,
      version,
      primary_language: 'Python',
      description: literal('description'),
      homepage_url: literal('url'),
      parties: literal('author') ? [makeParty('author', literal('author'), literal('author_email'))] : [],
      ...(name ? pypiUrls(name, version) : {}),
      ...declaredLicenseFields(license, path),
      dependencies,
    }),
  ];
}

export const pypiSetupPyHandler: DatafileHandler = {
  datasourceId: 'pypi_setup_py',
  packageType: 'pypi',
  patterns: ['*setup.py'],
  parse: parseSetupPy,
};

function parsePipfileLock({ content }: DatafileInput): PackageData[] {
  const json = asDict(JSON.parse(decodeText(content))) ?? {};
  const dependencies: DependentPackage[] = [];
  for (const [section, isRuntime] of [
    ['default', true],
    ['develop', false],
  ] as const) {
    for (const [name, value] of entriesOf(json[section])) {
      const entry = asDict(value) ?? {};
      const version = asText(entry.version)?.replace(/^==/, '') ?? null;
      dependencies.push(
        makeDependency({
          purl: buildPurl({ type: 'pypi', namespace: null, name: canonicalPypiName(name), version }),
          extracted_requirement: asText(entry.version),
          scope: section,
          is_runtime: isRuntime,
          is_optional: !isRuntime,
          is_pinned: version !== null,
          is_direct: true,
        }),
      );
    }
  }
  const meta = asDict(json._meta);
  return [
    makePackageData({
      datasource_id: 'pipfile_lock',
      type: 'pypi',
      primary_language: 'Python',
      sha256: asText(asDict(meta?.hash)?.sha256),
      dependencies,
    }),
  ];
}

export const pipfileLockHandler: DatafileHandler = {
  datasourceId: 'pipfile_lock',
  packageType: 'pypi',
  patterns: ['*Pipfile.lock'],
  parse: parsePipfileLock,
};
