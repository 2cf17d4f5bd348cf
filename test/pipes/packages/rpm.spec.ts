import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatafile } from '../../../src/pipes/packages';

// An rpmdb.sqlite written by rpm 4.18 (`rpm -i --justdb`) for two packages built with rpmbuild.
const dbPath = join(__dirname, '../../fixtures/packages/rpm/var/lib/rpm/rpmdb.sqlite');

describe('RPM sqlite database', () => {
  const { packages, problems } = parseDatafile('var/lib/rpm/rpmdb.sqlite', readFileSync(dbPath), {
    system: true,
  });

  it('reads every installed header without running rpm', () => {
    expect(problems).toEqual([]);
    expect(packages.map((p) => p.purl)).toEqual([
      'pkg:rpm/hello@2.12.1-1?arch=x86_64',
      'pkg:rpm/zlib@1.2.13-3.fc38?arch=noarch',
    ]);
    expect(packages[0]).toMatchObject({
      datasource_id: 'rpm_installed_database_sqlite',
      homepage_url: 'https://www.gnu.org/software/hello/',
      extracted_license_statement: 'GPLv3+ and GFDL',
      source_packages: ['pkg:rpm/hello@2.12.1-1?arch=src'],
    });
    expect(packages[0]?.declared_license_expression).toMatch(/^gpl-3.0-plus AND gfdl/);
    expect(packages[1]?.declared_license_expression_spdx).toBe('Zlib AND BSL-1.0');
    expect(packages[0]?.file_references.map((f) => f.path)).toEqual([
      '/usr/bin/hello',
      '/usr/share/doc/hello/README',
    ]);
    expect(packages[0]?.dependencies.map((d) => d.purl)).toEqual(['pkg:rpm/info']);
  });

  it('agrees with rpm -qa on the same database when rpm is installed', () => {
    let rpmOutput: string;
    try {
      rpmOutput = execFileSync(
        'rpm',
        [
          '-qa',
          '--dbpath',
          join(dbPath, '..'),
          '--qf',
          '%{NAME} %{VERSION}-%{RELEASE} %{ARCH} %{LICENSE}\\n',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
    } catch {
      return; // rpm is not a runtime requirement; the first test covers the parse.
    }
    const expected = rpmOutput.trim().split('\n').sort();
    const got = packages
      .map((p) => `${p.name} ${p.version} ${p.qualifiers.arch} ${p.extracted_license_statement}`)
      .sort();
    expect(got).toEqual(expected);
  });

  it('reports a corrupt database as a problem', () => {
    const result = parseDatafile('var/lib/rpm/rpmdb.sqlite', Buffer.from('not a database'), { system: true });
    expect(result.packages).toEqual([]);
    expect(result.problems[0]?.datasource_id).toBe('rpm_installed_database_sqlite');
  });
});
