import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatafile } from '../../../src/pipes/packages';

const fixtures = join(__dirname, '../../fixtures/packages/npm');
const read = (rel: string): Buffer => readFileSync(join(fixtures, rel));

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

describe('npm package.json', () => {
  it('reads express 4.21.2 as published on npm', () => {
    const { packages, problems } = parseDatafile(
      'express/package.json',
      read('express-package-lock/package.json'),
    );
    expect(problems).toEqual([]);
    const pkg = only(packages);
    expect(pkg.datasource_id).toBe('npm_package_json');
    expect(pkg.purl).toBe('pkg:npm/express@4.21.2');
    expect(pkg.declared_license_expression).toBe('mit');
    expect(pkg.declared_license_expression_spdx).toBe('MIT');
    expect(pkg.extracted_license_statement).toBe('MIT');
    expect(pkg.vcs_url).toBe('https://github.com/expressjs/express');
    expect(pkg.parties.find((p) => p.role === 'author')?.name).toBe('TJ Holowaychuk');
    expect(pkg.repository_download_url).toBe('https://registry.npmjs.org/express/-/express-4.21.2.tgz');
    const json = JSON.parse(read('express-package-lock/package.json').toString()) as Record<
      string,
      Record<string, string>
    >;
    const runtime = pkg.dependencies.filter((d) => d.scope === 'dependencies');
    const dev = pkg.dependencies.filter((d) => d.scope === 'devDependencies');
    expect(runtime.map((d) => d.purl.replace(/@[^@/]*$/, '')).sort()).toEqual(
      Object.keys(json.dependencies ?? {})
        .map((n) => `pkg:npm/${n}`)
        .sort(),
    );
    for (const dep of runtime) {
      const requirement = json.dependencies?.[dep.purl.replace(/^pkg:npm\/|@[^@/]*$/g, '')];
      expect(dep.extracted_requirement).toBe(requirement);
      expect(dep.is_pinned).toBe(/^\d+\.\d+\.\d+$/.test(requirement ?? ''));
    }
    expect(dev).toHaveLength(Object.keys(json.devDependencies ?? {}).length);
    expect(dev.every((d) => !d.is_runtime && d.is_optional)).toBe(true);
    const accepts = runtime.find((d) => d.purl === 'pkg:npm/accepts');
    expect(accepts).toMatchObject({
      extracted_requirement: '~1.3.8',
      is_pinned: false,
      is_runtime: true,
      is_direct: true,
    });
  });

  it('turns a malformed package.json into a problem instead of throwing', () => {
    const result = parseDatafile('broken/package.json', '{"name": "x", ');
    expect(result.packages).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.datasource_id).toBe('npm_package_json');
  });
});

describe('npm lockfiles of a real project (express 4.21.2)', () => {
  it('lists every package-lock.json v3 entry as a pinned dependency with its exact purl', () => {
    const raw = JSON.parse(read('express-package-lock/package-lock.json').toString()) as {
      lockfileVersion: number;
      packages: Record<string, { version: string; dev?: boolean }>;
    };
    expect(raw.lockfileVersion).toBe(3);
    const pkg = only(
      parseDatafile('express/package-lock.json', read('express-package-lock/package-lock.json')).packages,
    );
    expect(pkg.purl).toBe('pkg:npm/express@4.21.2');
    const expected = Object.entries(raw.packages)
      .filter(([key]) => key !== '')
      .map(([key, value]) => {
        const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
        const scoped = name.startsWith('@') ? `%40${name.slice(1)}` : name;
        return `pkg:npm/${scoped}@${value.version}`;
      });
    expect(pkg.dependencies.map((d) => d.purl)).toEqual(expected);
    expect(pkg.dependencies.every((d) => d.is_pinned && d.extracted_requirement !== null)).toBe(true);
    const bodyParser = pkg.dependencies.find((d) => d.purl.startsWith('pkg:npm/body-parser@'));
    expect(bodyParser).toMatchObject({ is_direct: true, is_runtime: true, scope: 'dependencies' });
    expect(bodyParser?.resolved_package).toMatchObject({
      name: 'body-parser',
      download_url: expect.stringContaining('body-parser-'),
    });
    expect((bodyParser?.resolved_package as { sha512?: string }).sha512).toMatch(/^[0-9a-f]{128}$/);
    const devCount = Object.entries(raw.packages).filter(([k, v]) => k !== '' && v.dev).length;
    expect(pkg.dependencies.filter((d) => d.scope === 'devDependencies' && !d.is_runtime)).toHaveLength(
      devCount,
    );
  });

  it('lists every nested entry of a lockfile v1 (also read as npm-shrinkwrap.json)', () => {
    type V1 = { version: string; dev?: boolean; dependencies?: Record<string, V1> };
    const raw = JSON.parse(read('express-lockfile-v1/package-lock.json').toString()) as {
      lockfileVersion: number;
      dependencies: Record<string, V1>;
    };
    expect(raw.lockfileVersion).toBe(1);
    const expected: string[] = [];
    const walk = (deps: Record<string, V1> | undefined): void => {
      for (const [name, entry] of Object.entries(deps ?? {})) {
        expected.push(`pkg:npm/${name.replace(/^@/, '%40')}@${entry.version}`);
        walk(entry.dependencies);
      }
    };
    walk(raw.dependencies);
    for (const [path, datasource] of [
      ['express/package-lock.json', 'npm_package_lock_json'],
      ['express/npm-shrinkwrap.json', 'npm_shrinkwrap_json'],
    ] as const) {
      const pkg = only(parseDatafile(path, read('express-lockfile-v1/package-lock.json')).packages);
      expect(pkg.datasource_id).toBe(datasource);
      expect(pkg.dependencies.map((d) => d.purl)).toEqual(expected);
    }
  });

  it('lists every yarn.lock v1 stanza once, with the requirements that resolved to it', () => {
    const text = read('express-yarn-v1/yarn.lock').toString();
    const stanzas = text.split(/\n\n+/).filter((s) => /^\s+version "/m.test(s));
    const pkg = only(parseDatafile('express/yarn.lock', Buffer.from(text)).packages);
    expect(pkg.datasource_id).toBe('yarn_lock_v1');
    const versionOf = (s: string): string => /version "([^"]+)"/.exec(s)?.[1] ?? '';
    const nameOf = (s: string): string =>
      (s.trim().split('\n')[0] ?? '').replace(/^"/, '').replace(/^(@?[^@]+)@.*$/, '$1');
    const expected = new Set(stanzas.map((s) => `${nameOf(s)}@${versionOf(s)}`));
    const got = pkg.dependencies.map(
      (d) =>
        `${(d.resolved_package as { namespace?: string }).namespace ? `${(d.resolved_package as { namespace: string }).namespace}/` : ''}${(d.resolved_package as { name: string }).name}@${(d.resolved_package as { version: string }).version}`,
    );
    expect(new Set(got)).toEqual(expected);
    expect(got).toHaveLength(expected.size);
    const debug = pkg.dependencies.find((d) => d.purl === 'pkg:npm/debug@2.6.9');
    expect(debug?.extracted_requirement).toContain('2.6.9');
    expect((debug?.resolved_package as { sha1?: string }).sha1).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reads a yarn berry lockfile and skips the workspace itself', () => {
    const text = read('express-yarn-berry/yarn.lock').toString();
    // A patched package (fsevents@patch:…) resolves to the same name and version as the plain one.
    const resolutions = [...text.matchAll(/^ {2}version: (\S+)\n {2}resolution: "(@?[^@]+)@(.+)"$/gm)]
      .filter((m) => !(m[3] ?? '').startsWith('workspace:'))
      .map((m) => `${m[2]}@${m[1]}`);
    const pkg = only(parseDatafile('express/yarn.lock', Buffer.from(text)).packages);
    expect(pkg.datasource_id).toBe('yarn_lock_v2');
    expect(pkg.dependencies).toHaveLength(new Set(resolutions).size);
    expect(pkg.dependencies.some((d) => d.purl.startsWith('pkg:npm/express@'))).toBe(false);
    expect(
      pkg.dependencies.find((d) => d.purl === 'pkg:npm/%40babel/code-frame@7.29.7')?.extracted_requirement,
    ).toBe('^7.29.7');
  });

  it.each([
    ['express-pnpm-v5', /^ {2}\/((?:@[^/]+\/)?[^/]+)\/([^_:]+)(?:_[^:]*)?:$/gm],
    ['express-pnpm-v6', /^ {2}\/((?:@[^/]+\/)?[^@/]+)@([^(:]+)(?:\([^:]*)?:$/gm],
  ])('reads the packages of a pnpm %s lockfile with their exact versions', (dir, keyPattern) => {
    const text = read(`${dir}/pnpm-lock.yaml`).toString();
    const expected = [...text.slice(text.indexOf('\npackages:')).matchAll(keyPattern)].map(
      (m) => `pkg:npm/${(m[1] ?? '').replace(/^@/, '%40')}@${m[2]}`,
    );
    const pkg = only(parseDatafile('express/pnpm-lock.yaml', Buffer.from(text)).packages);
    expect(expected.length).toBeGreaterThan(300);
    expect(pkg.dependencies.map((d) => d.purl)).toEqual([...new Set(expected)]);
    expect(pkg.dependencies.find((d) => d.purl.startsWith('pkg:npm/mocha@'))).toMatchObject({
      is_runtime: false,
      scope: 'devDependencies',
    });
  });

  it('reads pnpm-lock.yaml v9 with direct dependencies from the importer', () => {
    const text = read('express-pnpm/pnpm-lock.yaml').toString();
    const pkg = only(parseDatafile('express/pnpm-lock.yaml', Buffer.from(text)).packages);
    const section = text.slice(text.indexOf('\npackages:'), text.indexOf('\nsnapshots:'));
    const keys = [...section.matchAll(/^ {2}'?([^\s'][^']*?)'?:$/gm)].map((m) => m[1]);
    expect(pkg.dependencies).toHaveLength(keys.length);
    const accepts = pkg.dependencies.find((d) => d.purl.startsWith('pkg:npm/accepts@'));
    expect(accepts).toMatchObject({ is_direct: true, is_runtime: true, is_pinned: true });
    const mocha = pkg.dependencies.find((d) => d.purl.startsWith('pkg:npm/mocha@'));
    expect(mocha).toMatchObject({ is_direct: true, is_runtime: false, scope: 'devDependencies' });
  });
});
