import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { detectSbom, readSbom, SbomError, type SbomEvent, type SbomKind } from '../../../src/pipes/sbom';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbom-spdx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Shaped after the examples of the SPDX 2.3 specification (annex G): a document describing a
// package that contains another, with a file, checksums, a purl and relationships.
const DOCUMENT = {
  spdxVersion: 'SPDX-2.3',
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'glibc-example',
  documentNamespace: 'http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301',
  creationInfo: { created: '2010-01-29T18:30:22Z', creators: ['Tool: LicenseFind-1.0', 'Organization: ExampleCodeInspect ()'], licenseListVersion: '3.19' },
  documentDescribes: ['SPDXRef-Package'],
  packages: [
    {
      SPDXID: 'SPDXRef-Package',
      name: 'glibc',
      versionInfo: '2.11.1',
      packageFileName: 'glibc-2.11.1.tar.gz',
      downloadLocation: 'http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz',
      homepage: 'http://ftp.gnu.org/gnu/glibc',
      checksums: [
        { algorithm: 'SHA1', checksumValue: '85ed0817af83a24ad8da68c2b5094de69833983c' },
        { algorithm: 'MD5', checksumValue: '624c1abb3664f4b35547e7c73864ad24' },
        { algorithm: 'SHA256', checksumValue: '11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd' },
      ],
      licenseConcluded: '(LGPL-2.0-only OR LicenseRef-3)',
      licenseDeclared: '(LGPL-2.0-only AND LicenseRef-3)',
      copyrightText: 'Copyright 2008-2010 John Smith',
      description: 'The GNU C Library defines functions that are specified by the ISO C standard.',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:generic/glibc@2.11.1' }],
    },
    {
      SPDXID: 'SPDXRef-fromDoap-0',
      name: 'Jena',
      versionInfo: '3.12.0',
      downloadLocation: 'https://search.maven.org/remotecontent?filepath=org/apache/jena/apache-jena/3.12.0/apache-jena-3.12.0.tar.gz',
      homepage: 'http://www.openjena.org/',
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'Apache-2.0',
      copyrightText: 'NOASSERTION',
      filesAnalyzed: false,
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:maven/org.apache.jena/apache-jena@3.12.0' }],
    },
  ],
  files: [{ SPDXID: 'SPDXRef-File', fileName: './package/foo.c', checksums: [{ algorithm: 'SHA1', checksumValue: 'd6a770ba38583ed4bb4525bd96e50461655d2758' }] }],
  relationships: [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Package' },
    { spdxElementId: 'SPDXRef-Package', relationshipType: 'CONTAINS', relatedSpdxElement: 'SPDXRef-File' },
    { spdxElementId: 'SPDXRef-fromDoap-0', relationshipType: 'DEPENDENCY_OF', relatedSpdxElement: 'SPDXRef-Package' },
  ],
};

const TAG_VALUE = `SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: glibc-example
DocumentNamespace: http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301
DocumentComment: <text>This document was created using SPDX 2.3
using licenses from the web site.</text>

## Creation Information
Creator: Tool: LicenseFind-1.0
Creator: Organization: ExampleCodeInspect ()
Created: 2010-01-29T18:30:22Z
LicenseListVersion: 3.19

## Package Information
PackageName: glibc
SPDXID: SPDXRef-Package
PackageVersion: 2.11.1
PackageFileName: glibc-2.11.1.tar.gz
PackageDownloadLocation: http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz
PackageChecksum: SHA1: 85ed0817af83a24ad8da68c2b5094de69833983c
PackageChecksum: MD5: 624c1abb3664f4b35547e7c73864ad24
PackageChecksum: SHA256: 11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd
PackageHomePage: http://ftp.gnu.org/gnu/glibc
PackageLicenseConcluded: (LGPL-2.0-only OR LicenseRef-3)
PackageLicenseDeclared: (LGPL-2.0-only AND LicenseRef-3)
PackageCopyrightText: <text>Copyright 2008-2010 John Smith</text>
PackageDescription: <text>The GNU C Library defines functions that are specified by the ISO C standard.</text>
ExternalRef: PACKAGE-MANAGER purl pkg:generic/glibc@2.11.1

## File Information
FileName: ./package/foo.c
SPDXID: SPDXRef-File
FileChecksum: SHA1: d6a770ba38583ed4bb4525bd96e50461655d2758

PackageName: Jena
SPDXID: SPDXRef-fromDoap-0
PackageVersion: 3.12.0
PackageDownloadLocation: https://search.maven.org/remotecontent?filepath=org/apache/jena/apache-jena/3.12.0/apache-jena-3.12.0.tar.gz
PackageHomePage: http://www.openjena.org/
PackageLicenseConcluded: NOASSERTION
PackageLicenseDeclared: Apache-2.0
PackageCopyrightText: NOASSERTION
FilesAnalyzed: false
ExternalRef: PACKAGE-MANAGER purl pkg:maven/org.apache.jena/apache-jena@3.12.0

## Relationships
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-Package
Relationship: SPDXRef-Package CONTAINS SPDXRef-File
Relationship: SPDXRef-fromDoap-0 DEPENDENCY_OF SPDXRef-Package
`;

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function read(file: string, kind: SbomKind): Promise<SbomEvent[]> {
  const events: SbomEvent[] = [];
  for await (const event of readSbom(file, kind, path.basename(file))) {
    events.push(event);
  }
  return events;
}

async function failure(file: string, kind: SbomKind): Promise<string> {
  const error = await read(file, kind).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SbomError);
  return (error as Error).message;
}

const summary = (events: SbomEvent[]): unknown[] =>
  events.flatMap((e): unknown[] =>
    e.kind === 'package'
      ? [
          {
            uid: e.package.package_uid,
            purl: e.package.data.purl,
            filename: e.package.filename,
            license: e.package.data.declared_license_expression,
            spdx: e.package.data.declared_license_expression_spdx,
            statement: e.package.data.extracted_license_statement,
            sha1: e.package.data.sha1,
            sha256: e.package.data.sha256,
            md5: e.package.data.md5,
            copyright: e.package.data.copyright,
            download_url: e.package.data.download_url,
            homepage_url: e.package.data.homepage_url,
          },
        ]
      : e.kind === 'dependency'
        ? [`${e.from} depends on ${e.to}`]
        : [],
  );

describe('SPDX', () => {
  it('reads JSON, YAML and tag-value versions of one document to the same packages and dependencies', async () => {
    const json = write('glibc.spdx.json', JSON.stringify(DOCUMENT, null, 2));
    const yaml = write('glibc.spdx.yml', toYaml(DOCUMENT));
    const tagValue = write('glibc.spdx', TAG_VALUE);
    expect(await detectSbom(json)).toBe('spdx-json');
    expect(await detectSbom(yaml)).toBe('spdx-yaml');
    expect(await detectSbom(tagValue)).toBe('spdx-tag-value');
    expect(await detectSbom(write('document.json', JSON.stringify(DOCUMENT)))).toBe('spdx-json');
    expect(await detectSbom(write('package.json', '{"name": "x"}'))).toBeNull();
    const fromJson = summary(await read(json, 'spdx-json'));
    expect(fromJson).toEqual([
      {
        uid: 'SPDXRef-Package',
        purl: 'pkg:generic/glibc@2.11.1',
        filename: 'glibc-2.11.1.tar.gz',
        license: 'lgpl-2.0 OR licenseref-3',
        spdx: 'LGPL-2.0-only OR LicenseRef-3',
        statement: '(LGPL-2.0-only AND LicenseRef-3)',
        sha1: '85ed0817af83a24ad8da68c2b5094de69833983c',
        sha256: '11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd',
        md5: '624c1abb3664f4b35547e7c73864ad24',
        copyright: 'Copyright 2008-2010 John Smith',
        download_url: 'http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz',
        homepage_url: 'http://ftp.gnu.org/gnu/glibc',
      },
      {
        uid: 'SPDXRef-fromDoap-0',
        purl: 'pkg:maven/org.apache.jena/apache-jena@3.12.0',
        filename: null,
        // licenseConcluded is NOASSERTION: the declared license is used.
        license: 'apache-2.0',
        spdx: 'Apache-2.0',
        statement: 'Apache-2.0',
        sha1: null,
        sha256: null,
        md5: null,
        copyright: null,
        download_url: 'https://search.maven.org/remotecontent?filepath=org/apache/jena/apache-jena/3.12.0/apache-jena-3.12.0.tar.gz',
        homepage_url: 'http://www.openjena.org/',
      },
      // DEPENDENCY_OF reads the other way round; DESCRIBES and relations to files are not dependencies.
      'SPDXRef-Package depends on SPDXRef-fromDoap-0',
    ]);
    expect(summary(await read(yaml, 'spdx-yaml'))).toEqual(fromJson);
    expect(summary(await read(tagValue, 'spdx-tag-value'))).toEqual(fromJson);
    const header = (await read(tagValue, 'spdx-tag-value')).find((e) => e.kind === 'header');
    expect(header).toMatchObject({
      header: {
        spdxVersion: 'SPDX-2.3',
        name: 'glibc-example',
        comment: 'This document was created using SPDX 2.3\nusing licenses from the web site.',
        creationInfo: { created: '2010-01-29T18:30:22Z', creators: ['Tool: LicenseFind-1.0', 'Organization: ExampleCodeInspect ()'] },
      },
    });
  });

  it('says where a document is malformed', async () => {
    const withPackage = (pkg: Record<string, unknown>) => JSON.stringify({ ...DOCUMENT, packages: [DOCUMENT.packages[0], pkg] });
    expect(await failure(write('v1.spdx.json', JSON.stringify({ ...DOCUMENT, spdxVersion: 'SPDX-1.2' })), 'spdx-json')).toBe(
      'v1.spdx.json: spdxVersion: SPDX-1.2 is not supported (SPDX-2.2 and SPDX-2.3 are)',
    );
    expect(await failure(write('noid.spdx.json', withPackage({ name: 'x', downloadLocation: 'NONE' })), 'spdx-json')).toBe('noid.spdx.json: packages[1].SPDXID: the required field is missing');
    expect(await failure(write('nodl.spdx.json', withPackage({ SPDXID: 'SPDXRef-x', name: 'x' })), 'spdx-json')).toBe('nodl.spdx.json: packages[1].downloadLocation: the required field is missing');
    expect(await failure(write('rel.spdx.json', JSON.stringify({ ...DOCUMENT, relationships: [{ spdxElementId: 'SPDXRef-Package', relatedSpdxElement: 'SPDXRef-x' }] })), 'spdx-json')).toBe(
      'rel.spdx.json: relationships[0].relationshipType: the required field is missing',
    );
    const { SPDXID: _id, ...anonymous } = DOCUMENT;
    expect(await failure(write('nodoc.spdx.json', JSON.stringify(anonymous)), 'spdx-json')).toBe('nodoc.spdx.json: SPDXID: the required field is missing');
    expect(await failure(write('broken.spdx.json', '{\n "spdxVersion": "SPDX-2.3",\n "packages": [\n  {"SPDXID": "SPDXRef-a" "name": "a"}]}'), 'spdx-json')).toMatch(
      /^broken\.spdx\.json: not valid JSON at line 4, column \d+/,
    );
    expect(await failure(write('text.spdx', TAG_VALUE.replace('ISO C standard.</text>', 'ISO C standard.')), 'spdx-tag-value')).toMatch(
      /^text\.spdx: line 28: the <text> value of PackageDescription is never closed/,
    );
    expect(await failure(write('garbage.spdx', 'SPDXVersion: SPDX-2.3\nthis is not a tag\n'), 'spdx-tag-value')).toBe('garbage.spdx: line 2: expected "Tag: value", found "this is not a tag"');
    expect(await failure(write('checksum.spdx', TAG_VALUE.replace('PackageChecksum: MD5: 624c1abb3664f4b35547e7c73864ad24', 'PackageChecksum: 624c1abb')), 'spdx-tag-value')).toBe(
      'checksum.spdx: PackageChecksum at line 22: expected "ALGORITHM: value", found "624c1abb"',
    );
  });
});
