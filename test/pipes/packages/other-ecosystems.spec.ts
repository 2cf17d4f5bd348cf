import { parseDatafile } from '../../../src/pipes/packages';

// No real files of these formats exist on this machine or in reachable registries (see the fixtures
// README); these specs use short samples in each tool's documented layout.

describe('NuGet', () => {
  it('reads a .nuspec with grouped dependencies and an SPDX license element', () => {
    const nuspec = `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>Newtonsoft.Json</id><version>13.0.1</version><authors>James Newton-King</authors>
    <license type="expression">MIT</license><projectUrl>https://www.newtonsoft.com/json</projectUrl>
    <copyright>Copyright © James Newton-King 2008</copyright>
    <dependencies><group targetFramework=".NETStandard1.0"><dependency id="Microsoft.CSharp" version="4.3.0" /></group></dependencies>
  </metadata>
</package>`;
    const pkg = parseDatafile('Newtonsoft.Json.nuspec', nuspec).packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'nuget_nupsec',
      purl: 'pkg:nuget/Newtonsoft.Json@13.0.1',
      declared_license_expression: 'mit',
      copyright: 'Copyright © James Newton-King 2008',
    });
    expect(pkg?.dependencies[0]).toMatchObject({
      purl: 'pkg:nuget/Microsoft.CSharp',
      extracted_requirement: '4.3.0',
      is_pinned: false,
    });
  });

  it('reads packages.config, PackageReference items and packages.lock.json', () => {
    const config = parseDatafile(
      'app/packages.config',
      '<packages><package id="NUnit" version="3.13.2" targetFramework="net48" developmentDependency="true" /></packages>',
    ).packages[0];
    expect(config?.dependencies[0]).toMatchObject({
      purl: 'pkg:nuget/NUnit@3.13.2',
      is_pinned: true,
      is_runtime: false,
    });
    const csproj = parseDatafile(
      'app/app.csproj',
      '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Serilog" Version="2.10.0" /></ItemGroup></Project>',
    ).packages[0];
    expect(csproj?.dependencies[0]).toMatchObject({
      purl: 'pkg:nuget/Serilog',
      extracted_requirement: '2.10.0',
      scope: 'PackageReference',
    });
    const lock = parseDatafile(
      'app/packages.lock.json',
      JSON.stringify({
        version: 1,
        dependencies: {
          'net6.0': {
            Serilog: { type: 'Direct', requested: '[2.10.0, )', resolved: '2.10.0', contentHash: 'abc' },
            'System.Memory': { type: 'Transitive', resolved: '4.5.4' },
          },
        },
      }),
    ).packages[0];
    expect(lock?.dependencies.map((d) => [d.purl, d.is_direct])).toEqual([
      ['pkg:nuget/Serilog@2.10.0', true],
      ['pkg:nuget/System.Memory@4.5.4', false],
    ]);
  });
});

describe('CocoaPods, pub and conda', () => {
  it('reads Podfile.lock pods with subspecs as subpaths', () => {
    const lock = [
      'PODS:',
      '  - Alamofire (5.4.3)',
      '  - Firebase/Core (8.0.0):',
      '    - FirebaseAnalytics (= 8.0.0)',
      '',
      'DEPENDENCIES:',
      '  - Alamofire',
      '',
      'SPEC CHECKSUMS:',
      '  Alamofire: e447a2774a40c996748296fa2c55112fdbbc42f9',
      '',
      'COCOAPODS: 1.10.1',
      '',
    ].join('\n');
    const pkg = parseDatafile('ios/Podfile.lock', lock).packages[0];
    expect(pkg?.dependencies.map((d) => [d.purl, d.is_direct])).toEqual([
      ['pkg:cocoapods/Alamofire@5.4.3', true],
      ['pkg:cocoapods/Firebase@8.0.0#Core', false],
    ]);
  });

  it('reads pubspec.yaml and pubspec.lock', () => {
    const yaml =
      'name: my_app\nversion: 1.0.0+1\nlicense: BSD-3-Clause\ndependencies:\n  http: ^0.13.3\n  flutter:\n    sdk: flutter\ndev_dependencies:\n  test: 1.17.0\n';
    const pkg = parseDatafile('app/pubspec.yaml', yaml).packages[0];
    expect(pkg).toMatchObject({ purl: 'pkg:pub/my_app@1.0.0+1', declared_license_expression: 'bsd-new' });
    expect(pkg?.dependencies.map((d) => [d.purl, d.scope, d.is_runtime])).toEqual([
      ['pkg:pub/http', 'dependencies', true],
      ['pkg:pub/flutter', 'dependencies', true],
      ['pkg:pub/test@1.17.0', 'dev_dependencies', false],
    ]);
    const lock = parseDatafile(
      'app/pubspec.lock',
      'packages:\n  http:\n    dependency: "direct main"\n    source: hosted\n    version: "0.13.3"\n',
    ).packages[0];
    expect(lock?.dependencies[0]).toMatchObject({
      purl: 'pkg:pub/http@0.13.3',
      is_direct: true,
      is_pinned: true,
    });
  });

  it('reads a conda recipe through its Jinja variables, and environment.yml with pip entries', () => {
    const meta =
      '{% set version = "1.2.3" %}\npackage:\n  name: foo\n  version: {{ version }}\nrequirements:\n  run:\n    - python >=3.8\n    - numpy\nabout:\n  license: MIT\n';
    const pkg = parseDatafile('recipe/meta.yaml', meta).packages[0];
    expect(pkg).toMatchObject({ purl: 'pkg:conda/foo@1.2.3', declared_license_expression: 'mit' });
    expect(pkg?.dependencies.map((d) => d.purl)).toEqual(['pkg:conda/python', 'pkg:conda/numpy']);
    const env = parseDatafile(
      'environment.yml',
      'name: dev\ndependencies:\n  - conda-forge::numpy=1.21\n  - pip:\n    - requests==2.26.0\n',
    ).packages[0];
    expect(env?.dependencies.map((d) => d.purl)).toEqual([
      'pkg:conda/numpy@1.21',
      'pkg:pypi/requests@2.26.0',
    ]);
  });
});

describe('Gemfile.lock, Gradle and Alpine', () => {
  it('reads Gemfile.lock specs as pinned dependencies, direct ones from DEPENDENCIES', () => {
    const lock = [
      'GEM',
      '  remote: https://rubygems.org/',
      '  specs:',
      '    rack (2.2.3)',
      '    nokogiri (1.13.1-x86_64-linux)',
      '      racc (~> 1.4)',
      '',
      'PLATFORMS',
      '  ruby',
      '',
      'DEPENDENCIES',
      '  rack',
      '',
    ].join('\n');
    const pkg = parseDatafile('app/Gemfile.lock', lock).packages[0];
    expect(pkg?.dependencies.map((d) => [d.purl, d.is_direct])).toEqual([
      ['pkg:gem/rack@2.2.3', true],
      ['pkg:gem/nokogiri@1.13.1?platform=x86_64-linux', false],
    ]);
  });

  it('reads declared dependencies of build.gradle and build.gradle.kts without running them', () => {
    const groovy =
      "dependencies {\n    implementation 'com.google.guava:guava:31.0-jre'\n    testImplementation group: 'junit', name: 'junit', version: '4.13.2'\n}\n";
    const kts =
      'dependencies {\n    implementation("org.jetbrains.kotlin:kotlin-stdlib:$kotlinVersion")\n}\n';
    expect(
      parseDatafile('app/build.gradle', groovy).packages[0]?.dependencies.map((d) => [
        d.purl,
        d.scope,
        d.is_runtime,
      ]),
    ).toEqual([
      ['pkg:maven/com.google.guava/guava@31.0-jre', 'implementation', true],
      ['pkg:maven/junit/junit@4.13.2', 'testImplementation', false],
    ]);
    expect(parseDatafile('app/build.gradle.kts', kts).packages[0]?.dependencies[0]).toMatchObject({
      purl: 'pkg:maven/org.jetbrains.kotlin/kotlin-stdlib',
      is_pinned: false,
    });
  });

  it('reads an apk installed database with file SHA1s, as a system database only', () => {
    const db = [
      'C:Q1abc=',
      'P:musl',
      'V:1.2.2-r7',
      'A:x86_64',
      'S:383152',
      'I:622592',
      'T:the musl c library',
      'U:https://musl.libc.org/',
      'L:MIT',
      'o:musl',
      'm:Timo Teräs <timo.teras@iki.fi>',
      'F:lib',
      'R:libc.musl-x86_64.so.1',
      'Z:Q1mVuZMCo6DRL5MHC4zDG5ERlpdHQ=',
      '',
    ].join('\n');
    expect(parseDatafile('lib/apk/db/installed', db).packages).toEqual([]);
    const pkg = parseDatafile('lib/apk/db/installed', db, { system: true }).packages[0];
    expect(pkg).toMatchObject({
      purl: 'pkg:alpine/musl@1.2.2-r7?arch=x86_64',
      declared_license_expression: 'mit',
      source_packages: ['pkg:alpine/musl@1.2.2-r7'],
    });
    expect(pkg?.file_references[0]).toMatchObject({
      path: '/lib/libc.musl-x86_64.so.1',
      sha1: Buffer.from('mVuZMCo6DRL5MHC4zDG5ERlpdHQ=', 'base64').toString('hex'),
    });
  });
});
