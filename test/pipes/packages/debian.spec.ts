import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseDatafile } from '../../../src/pipes/packages';
import { assemblePackages } from '../../../src/pipes/packages/assemble';
import { debianLicenseToSpdx, parseDebianCopyright } from '../../../src/pipes/packages/debian-copyright';

// This machine's own dpkg database, read as a scanned root filesystem mounted at "/".
const readRoot = (path: string): Buffer | null => {
  try {
    return readFileSync(`/${path}`);
  } catch {
    return null;
  }
};

describe("this machine's /var/lib/dpkg/status", () => {
  const result = parseDatafile('var/lib/dpkg/status', readFileSync('/var/lib/dpkg/status'), {
    system: true,
    readFile: readRoot,
  });
  const installed = execFileSync(
    'dpkg-query',
    ['-W', '-f', '${db:Status-Status}\\t${Package}\\t${Version}\\t${Architecture}\\n'],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([status]) => status === 'installed');

  it('is recognised only as a system database', () => {
    expect(parseDatafile('var/lib/dpkg/status', 'Package: x\n').packages).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it('gives every installed package with its version and architecture', () => {
    const got = result.packages.map((p) => [p.name, p.version, p.qualifiers.arch]);
    expect(got.sort()).toEqual(installed.map(([, name, version, arch]) => [name, version, arch]).sort());
    const bash = result.packages.find((p) => p.name === 'bash');
    const [, , bashVersion] = installed.find(([, name]) => name === 'bash') ?? [];
    expect(bash?.purl).toBe(`pkg:deb/debian/bash@${bashVersion}?arch=amd64`);
    expect(bash?.datasource_id).toBe('debian_installed_status_db');
    expect(
      bash?.file_references.some((f) => f.path === '/bin/bash' && /^[0-9a-f]{32}$/.test(f.md5 ?? '')),
    ).toBe(true);
  });

  it('takes each license from the package copyright file', () => {
    const withCopyright = result.packages.filter(
      (p) => readRoot(`usr/share/doc/${p.name}/copyright`) !== null,
    );
    const licensed = withCopyright.filter((p) => p.declared_license_expression !== null);
    // Free-form copyright files that name no license stay unlicensed; machine-readable ones always have one.
    expect(licensed.length / withCopyright.length).toBeGreaterThan(0.98);
    for (const p of withCopyright) {
      const parsed = parseDebianCopyright(
        readRoot(`usr/share/doc/${p.name}/copyright`)?.toString('utf8') ?? '',
      );
      if (parsed.isMachineReadable && parsed.primaryLicenses.length > 0) {
        expect(p.declared_license_expression).not.toBeNull();
      }
    }
    expect(result.packages.find((p) => p.name === 'bash')?.declared_license_expression_spdx).toBe(
      'GPL-3.0-or-later',
    );
    expect(result.packages.find((p) => p.name === 'libc6')?.declared_license_expression).toContain(
      'lgpl-2.1',
    );
  });
});

describe('Debian license names', () => {
  it('maps the short names Debian copyright files use', () => {
    expect(debianLicenseToSpdx('GPL-2+')).toBe('GPL-2.0-or-later');
    expect(debianLicenseToSpdx('LGPL-2.1+')).toBe('LGPL-2.1-or-later');
    expect(debianLicenseToSpdx('Expat')).toBe('MIT');
    expect(debianLicenseToSpdx('BSD-3-clause')).toBe('BSD-3-Clause');
    expect(debianLicenseToSpdx('GPL-2+ or Artistic')).toMatch(/^GPL-2.0-or-later OR Artistic/);
    expect(debianLicenseToSpdx('ISC and/or LGPL-2.1+')).toBe('ISC OR LGPL-2.1-or-later');
  });
});

describe('assembly of an installed Debian system', () => {
  it('gives each dpkg package its copyright file and the installed files its md5sums list', () => {
    const status = [
      'Package: hello',
      'Status: install ok installed',
      'Architecture: amd64',
      'Version: 2.10-3',
      '',
      'Package: hello',
      'Status: install ok installed',
      'Architecture: i386',
      'Version: 2.10-3',
      '',
    ].join('\n');
    const files: Record<string, string> = {
      'root/var/lib/dpkg/info/hello.md5sums': '6b1c3e0e2a6ad2a9f0c8b3a0d9b8c7f1  usr/bin/hello\n',
      'root/usr/share/doc/hello/copyright': readFileSync('/usr/share/doc/bash/copyright', 'utf8'),
    };
    const readFile = (p: string): Buffer | null => (files[p] === undefined ? null : Buffer.from(files[p]));
    const statusData = parseDatafile('root/var/lib/dpkg/status', status, { system: true, readFile }).packages;
    const copyrightData = parseDatafile(
      'root/usr/share/doc/hello/copyright',
      files['root/usr/share/doc/hello/copyright'] ?? '',
    ).packages;
    const assembly = assemblePackages(
      [
        { path: 'root/var/lib/dpkg/status', packageData: statusData },
        { path: 'root/usr/share/doc/hello/copyright', packageData: copyrightData },
      ],
      {
        resourcePaths: [
          'root/usr/bin/hello',
          'root/usr/share/doc/hello/copyright',
          'root/var/lib/dpkg/status',
        ],
      },
    );
    expect(assembly.packages.map((p) => p.purl)).toEqual([
      'pkg:deb/debian/hello@2.10-3?arch=amd64',
      'pkg:deb/debian/hello@2.10-3?arch=i386',
    ]);
    const amd64 = assembly.packages[0];
    expect(amd64?.datasource_ids).toEqual(['debian_installed_status_db', 'debian_copyright_in_package']);
    expect(amd64?.declared_license_expression_spdx).toBe('GPL-3.0-or-later');
    expect(assembly.forPackages.get('root/usr/bin/hello')).toContain(amd64?.package_uid);
  });
});

describe('free-form Debian copyright files', () => {
  it('recognises wrapped well-known license texts', () => {
    const xcb = readRoot('usr/share/doc/libxcb1/copyright');
    if (xcb) {
      expect(parseDebianCopyright(xcb.toString('utf8')).primaryLicenses).toEqual(['MIT']);
    }
    const wrapped =
      'Permission is hereby granted, free of charge, to any person\nobtaining a copy of this software';
    expect(parseDebianCopyright(wrapped).primaryLicenses).toEqual(['MIT']);
  });
});
