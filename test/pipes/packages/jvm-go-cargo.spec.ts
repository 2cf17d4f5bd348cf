import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatafile } from '../../../src/pipes/packages';

const root = join(__dirname, '../../fixtures/packages');
const parse = (rel: string) => parseDatafile(rel, readFileSync(join(root, rel)));
const text = (rel: string) => readFileSync(join(root, rel), 'utf8');

describe('Maven', () => {
  it('reads the commons-lang3 3.12.0 POM from /usr/share/maven-repo with its parent-derived fields', () => {
    const pkg = parse('maven/commons-lang3-3.12.0.pom').packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'maven_pom',
      purl: 'pkg:maven/org.apache.commons/commons-lang3@3.12.0',
      // Debian's POM inherits its licenses from commons-parent, which ScanCode does not follow either.
      declared_license_expression_spdx: null,
      primary_language: 'Java',
      repository_download_url:
        'https://repo1.maven.org/maven2/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar',
    });
    // Debian strips the test dependencies from installed POMs.
    expect(pkg?.dependencies).toEqual([]);
    const jarPom = parse('maven/commons-lang3-jar/META-INF/maven/org.apache.commons/commons-lang3/pom.xml')
      .packages[0];
    const junit = jarPom?.dependencies.find((d) => d.purl.includes('junit-jupiter'));
    expect(junit).toMatchObject({ scope: 'test', is_runtime: false, is_optional: true });
  });

  it('reads the license and dependencies of the pom.xml inside the jsoup jar', () => {
    const pkg = parse('maven/jsoup-jar/META-INF/maven/org.jsoup/jsoup/pom.xml').packages[0];
    expect(pkg).toMatchObject({
      purl: 'pkg:maven/org.jsoup/jsoup@1.15.3',
      declared_license_expression: 'mit',
      declared_license_expression_spdx: 'MIT',
    });
    expect(pkg?.extracted_license_statement).toContain('https://jsoup.org/license');
    expect(pkg?.dependencies).toHaveLength(5);
  });

  it('reads a jar MANIFEST.MF with wrapped lines as an OSGi bundle', () => {
    const pkg = parse('maven/commons-lang3-jar/META-INF/MANIFEST.MF').packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'java_osgi_manifest',
      type: 'osgi',
      name: 'org.apache.commons.lang3',
      version: '3.12.0',
    });
    expect(pkg?.description).toContain("java.lang's hierarchy");
  });
});

describe('Go modules from Debian golang-*-dev packages', () => {
  it('reads go.mod require blocks with indirect markers', () => {
    const pkg = parse('golang/cobra/go.mod').packages[0];
    expect(pkg?.purl).toBe('pkg:golang/github.com/spf13/cobra');
    const requires = text('golang/cobra/go.mod').match(/^\s+\S+ v\S+/gm) ?? [];
    expect(pkg?.dependencies).toHaveLength(requires.length);
    const pflag = pkg?.dependencies.find((d) => d.purl.startsWith('pkg:golang/github.com/spf13/pflag@'));
    expect(pflag).toMatchObject({ scope: 'require', is_direct: true, is_pinned: true });
    expect(pkg?.dependencies.every((d) => d.is_direct)).toBe(true);
  });

  it('marks // indirect requirements as not direct', () => {
    const pkg = parseDatafile(
      'm/go.mod',
      'module example.com/m\n\nrequire (\n\tgolang.org/x/text v0.3.7 // indirect\n\tgithub.com/pkg/errors v0.9.1\n)\n',
    ).packages[0];
    expect(pkg?.dependencies.map((d) => [d.purl, d.is_direct])).toEqual([
      ['pkg:golang/golang.org/x/text@v0.3.7', false],
      ['pkg:golang/github.com/pkg/errors@v0.9.1', true],
    ]);
  });

  it('reads go.sum with one dependency per module version', () => {
    const pkg = parse('golang/testify/go.sum').packages[0];
    const unique = new Set(
      text('golang/testify/go.sum')
        .trim()
        .split('\n')
        .map((l) => l.split(' ').slice(0, 2).join('@').replace('/go.mod', '')),
    );
    expect(pkg?.dependencies).toHaveLength(unique.size);
    expect(pkg?.dependencies.every((d) => d.scope === 'dependency' && d.is_pinned)).toBe(true);
  });
});

describe('Cargo from Debian librust-*-dev packages', () => {
  it('reads the normalized Cargo.toml of clap with optional and dev dependencies', () => {
    const pkg = parse('cargo/clap/Cargo.toml').packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'cargo_toml',
      purl: 'pkg:cargo/clap@4.0.32',
      declared_license_expression_spdx: 'MIT OR Apache-2.0',
      declared_license_expression: 'mit OR apache-2.0',
    });
    expect(pkg?.dependencies.find((d) => d.purl === 'pkg:cargo/bitflags')).toMatchObject({
      scope: 'dependencies',
      is_runtime: true,
    });
    expect(pkg?.dependencies.filter((d) => d.scope === 'dev-dependencies').every((d) => !d.is_runtime)).toBe(
      true,
    );
    expect(pkg?.dependencies.some((d) => d.scope === 'dependencies' && d.is_optional)).toBe(true);
  });

  it('reads a Cargo.lock into pinned dependencies with checksums', () => {
    const lock = [
      'version = 3',
      '',
      '[[package]]',
      'name = "serde"',
      'version = "1.0.152"',
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      'checksum = "bb7d1f0d3021d347a83e556fc4683dea2ea09d87bccdf88ff5c12545d89d5efb"',
      'dependencies = [',
      ' "serde_derive",',
      ']',
      '',
    ].join('\n');
    const pkg = parseDatafile('app/Cargo.lock', lock).packages[0];
    expect(pkg?.dependencies[0]).toMatchObject({
      purl: 'pkg:cargo/serde@1.0.152',
      is_pinned: true,
      is_direct: false,
    });
    expect((pkg?.dependencies[0]?.resolved_package as { sha256: string }).sha256).toBe(
      'bb7d1f0d3021d347a83e556fc4683dea2ea09d87bccdf88ff5c12545d89d5efb',
    );
  });
});
