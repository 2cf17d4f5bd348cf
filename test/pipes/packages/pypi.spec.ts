import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatafile } from '../../../src/pipes/packages';
import { treeReader } from '../../../src/pipes/packages/inspect';

const root = join(__dirname, '../../fixtures/packages');
const parse = (rel: string) =>
  parseDatafile(rel, readFileSync(join(root, rel)), { readFile: treeReader(root) });

describe('PyPI metadata from Debian python3 packages', () => {
  it('reads an installed wheel METADATA with extras, project URLs and RECORD file references', () => {
    const { packages, problems } = parse('pypi/attrs-22.2.0.dist-info/METADATA');
    expect(problems).toEqual([]);
    const pkg = packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'pypi_wheel_metadata',
      purl: 'pkg:pypi/attrs@22.2.0',
      declared_license_expression: 'mit',
      declared_license_expression_spdx: 'MIT',
      homepage_url: 'https://www.attrs.org/',
      bug_tracking_url: 'https://github.com/python-attrs/attrs/issues',
      code_view_url: 'https://github.com/python-attrs/attrs',
      api_data_url: 'https://pypi.org/pypi/attrs/22.2.0/json',
    });
    // The license field and the MIT classifier both end up in the statement, once in the expression.
    expect(pkg?.extracted_license_statement).toContain('License :: OSI Approved :: MIT License');
    const requires =
      readFileSync(join(root, 'pypi/attrs-22.2.0.dist-info/METADATA'), 'utf8').match(/^Requires-Dist: /gm) ??
      [];
    expect(pkg?.dependencies).toHaveLength(requires.length);
    const coverage = pkg?.dependencies.find((d) => d.purl === 'pkg:pypi/coverage-enable-subprocess');
    expect(coverage).toMatchObject({ scope: 'cov', is_optional: true, is_pinned: false });
    const record = readFileSync(join(root, 'pypi/attrs-22.2.0.dist-info/RECORD'), 'utf8').trim().split('\n');
    expect(pkg?.file_references.map((f) => f.path)).toEqual(record.map((l) => l.split(',')[0]));
    expect(pkg?.file_references.find((f) => f.path === 'attr/__init__.py')?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads an egg-info PKG-INFO whose license is "Apache 2.0"', () => {
    const pkg = parse('pypi/requests-2.28.1.egg-info/PKG-INFO').packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'pypi_editable_egg_pkginfo',
      purl: 'pkg:pypi/requests@2.28.1',
      declared_license_expression_spdx: 'Apache-2.0',
      declared_license_expression: 'apache-2.0',
    });
  });
});

describe('Python project files (from the Google Cloud SDK and node-gyp on this machine)', () => {
  it('reads setup.py statically: literal arguments only', () => {
    const pkg = parse('pypi/rsa/setup.py').packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'pypi_setup_py',
      purl: 'pkg:pypi/rsa@4.5',
      declared_license_expression_spdx: 'Apache-2.0',
    });
    expect(pkg?.dependencies.map((d) => d.extracted_requirement)).toEqual(['pyasn1>=0.1.3']);
  });

  it('reads Pipfile and Pipfile.lock with develop packages as non-runtime', () => {
    const lock = parse('pypi/rsa/Pipfile.lock').packages[0];
    const raw = JSON.parse(readFileSync(join(root, 'pypi/rsa/Pipfile.lock'), 'utf8')) as {
      default: object;
      develop: object;
    };
    expect(lock?.dependencies).toHaveLength(
      Object.keys(raw.default).length + Object.keys(raw.develop).length,
    );
    expect(lock?.dependencies.every((d) => d.is_pinned)).toBe(true);
    expect(lock?.dependencies.filter((d) => d.scope === 'develop').every((d) => !d.is_runtime)).toBe(true);
    const pipfile = parse('pypi/rsa/Pipfile').packages[0];
    expect(pipfile?.datasource_id).toBe('pipfile');
    expect(pipfile?.dependencies.find((d) => d.purl === 'pkg:pypi/pyasn1')?.extracted_requirement).toBe(
      '>=0.1.3',
    );
  });

  it('reads PEP 621 pyproject.toml with optional dependencies as extras', () => {
    const urllib3 = parse('pypi/urllib3/pyproject.toml').packages[0];
    expect(urllib3?.datasource_id).toBe('pypi_pyproject_toml');
    expect(urllib3?.name).toBe('urllib3');
    expect(urllib3?.declared_license_expression_spdx).toBe('MIT');
    expect(urllib3?.dependencies.every((d) => d.is_optional)).toBe(true);
    const gyp = parse('pypi/gyp-next/pyproject.toml').packages[0];
    expect(gyp?.purl).toBe('pkg:pypi/gyp-next@0.22.2');
    expect(gyp?.declared_license_expression).toBe('bsd-new');
  });
});

describe('setup.cfg, poetry and uv', () => {
  it('reads setup.cfg metadata with configparser continuation lines (cachetools)', () => {
    const pkg = parse('pypi/cachetools/setup.cfg').packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'pypi_setup_cfg',
      name: 'cachetools',
      version: null,
      purl: 'pkg:pypi/cachetools',
      declared_license_expression: 'mit',
      homepage_url: 'https://github.com/tkem/cachetools/',
    });
    expect(pkg?.parties).toEqual([
      { type: 'person', role: 'author', name: 'Thomas Kemmer', email: 'tkemmer@computer.org', url: null },
    ]);
  });

  // No poetry or uv files are available offline: samples in the layout those tools write.
  it('reads a poetry pyproject.toml with groups, and poetry.lock entries as pinned dependencies', () => {
    const pyproject =
      '[tool.poetry]\nname = "demo"\nversion = "0.1.0"\nlicense = "Apache-2.0"\nauthors = ["Jane Doe <jane@example.com>"]\n\n[tool.poetry.dependencies]\npython = "^3.9"\nrequests = "^2.28"\nattrs = { version = "22.2.0", optional = true }\n\n[tool.poetry.group.dev.dependencies]\npytest = "^7.0"\n';
    const pkg = parseDatafile('demo/pyproject.toml', pyproject).packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'pypi_poetry_pyproject_toml',
      purl: 'pkg:pypi/demo@0.1.0',
      declared_license_expression: 'apache-2.0',
    });
    expect(pkg?.dependencies.map((d) => [d.purl, d.scope, d.is_runtime, d.is_optional])).toEqual([
      ['pkg:pypi/requests', 'dependencies', true, false],
      ['pkg:pypi/attrs@22.2.0', 'dependencies', true, true],
      ['pkg:pypi/pytest', 'dev', false, true],
    ]);
    const lock =
      '[[package]]\nname = "requests"\nversion = "2.28.1"\ndescription = "HTTP"\noptional = false\npython-versions = ">=3.7"\n\n[package.dependencies]\nidna = ">=2.5,<4"\n\n[[package]]\nname = "pytest"\nversion = "7.4.0"\ndescription = "tests"\noptional = false\npython-versions = ">=3.7"\ngroups = ["dev"]\n';
    const locked = parseDatafile('demo/poetry.lock', lock).packages[0];
    expect(locked?.dependencies.map((d) => [d.purl, d.scope, d.is_runtime])).toEqual([
      ['pkg:pypi/requests@2.28.1', 'main', true],
      ['pkg:pypi/pytest@7.4.0', 'dev', false],
    ]);
    expect(
      (locked?.dependencies[0]?.resolved_package as { dependencies: Array<{ purl: string }> }).dependencies[0]
        ?.purl,
    ).toBe('pkg:pypi/idna');
  });

  it('reads uv.lock, skipping the project itself', () => {
    const lock =
      'version = 1\n\n[[package]]\nname = "demo"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [{ name = "idna" }]\n\n[[package]]\nname = "idna"\nversion = "3.7"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/idna-3.7.tar.gz", hash = "sha256:028ff3aadf0609c1fd278d8ea3089299412a7a8b9bd005dd08b9f8285bcb5cfc" }\n';
    const pkg = parseDatafile('demo/uv.lock', lock).packages[0];
    expect(pkg?.datasource_id).toBe('pypi_uv_lock');
    expect(pkg?.dependencies.map((d) => d.purl)).toEqual(['pkg:pypi/idna@3.7']);
    expect((pkg?.dependencies[0]?.resolved_package as { sha256: string }).sha256).toBe(
      '028ff3aadf0609c1fd278d8ea3089299412a7a8b9bd005dd08b9f8285bcb5cfc',
    );
  });
});

describe('requirements files', () => {
  it('reads an egg-info requires.txt with extras sections', () => {
    const pkg = parse('pypi/requests-2.28.1.egg-info/requires.txt').packages[0];
    expect(pkg?.datasource_id).toBe('pip_requirements');
    expect(pkg?.dependencies.map((d) => [d.purl, d.scope, d.is_optional])).toEqual([
      ['pkg:pypi/pysocks', 'socks', true],
      ['pkg:pypi/chardet', 'use_chardet_on_py3', true],
    ]);
  });

  it('handles options, hashes, editable VCS links, markers and pins', () => {
    const text = [
      '-r base.txt',
      '--index-url https://pypi.org/simple',
      'Django==4.2.1 \\',
      '    --hash=sha256:abc',
      'requests[socks]>=2.28 ; python_version > "3.7"  # comment',
      '-e git+https://github.com/psf/black.git#egg=black',
      'zope.interface===5.5',
    ].join('\n');
    const pkg = parseDatafile('app/requirements.txt', text).packages[0];
    expect(pkg?.extra_data).toMatchObject({
      requirement_files: ['base.txt'],
      index_url: 'https://pypi.org/simple',
    });
    expect(pkg?.dependencies.map((d) => [d.purl, d.is_pinned])).toEqual([
      ['pkg:pypi/django@4.2.1', true],
      ['pkg:pypi/requests', false],
      ['pkg:pypi/black', false],
      ['pkg:pypi/zope-interface@5.5', true],
    ]);
  });
});
