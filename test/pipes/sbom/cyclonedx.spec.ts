import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { detectSbom, readSbom, SbomError, type SbomEvent, type SbomKind, type SbomPackage } from '../../../src/pipes/sbom';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbom-cdx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A BOM made by the CycloneDX library: three components, one nested, a dependency graph and a vulnerability. */
function makeBom(): Models.Bom {
  const bom = new Models.Bom({ serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79' });
  const app = new Models.Component(Enums.ComponentType.Library, 'express', {
    bomRef: 'pkg:npm/express@4.21.2',
    version: '4.21.2',
    purl: 'pkg:npm/express@4.21.2',
    copyright: 'Copyright (c) 2009-2014 TJ Holowaychuk',
    description: 'Fast web framework',
  });
  app.licenses.add(new Models.LicenseExpression('MIT OR Apache-2.0'));
  app.hashes.set(Enums.HashAlgorithm['SHA-256'], 'ab'.repeat(32));
  app.hashes.set(Enums.HashAlgorithm.MD5, 'cd'.repeat(16));
  app.externalReferences.add(new Models.ExternalReference('https://github.com/expressjs/express', Enums.ExternalReferenceType.VCS));
  app.properties.add(new Models.Property('aboutcode:primary_language', 'JavaScript'));
  const debug = new Models.Component(Enums.ComponentType.Library, 'debug', { bomRef: 'debug-ref', version: '2.6.9', purl: 'pkg:npm/debug@2.6.9' });
  debug.licenses.add(new Models.SpdxLicense('MIT'));
  const ms = new Models.Component(Enums.ComponentType.Library, 'ms', { bomRef: 'ms-ref', version: '2.0.0', purl: 'pkg:npm/ms@2.0.0' });
  ms.licenses.add(new Models.NamedLicense('Custom Licence Of ms'));
  debug.components.add(ms);
  bom.components.add(app);
  bom.components.add(debug);
  app.dependencies.add(debug.bomRef);
  debug.dependencies.add(ms.bomRef);
  const vulnerability = new Models.Vulnerability.Vulnerability({ id: 'CVE-2024-0001', description: 'Something bad' });
  vulnerability.affects.add(new Models.Vulnerability.Affect(debug.bomRef));
  bom.vulnerabilities.add(vulnerability);
  return bom;
}

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

const packagesOf = (events: SbomEvent[]): SbomPackage[] => events.flatMap((e) => (e.kind === 'package' ? [e.package] : []));

async function failure(file: string, kind: SbomKind): Promise<string> {
  try {
    await read(file, kind);
  } catch (error) {
    expect(error).toBeInstanceOf(SbomError);
    return (error as Error).message;
  }
  throw new Error('expected the SBOM to be refused');
}

const SPECS = { '1.2': Spec.Spec1dot2, '1.3': Spec.Spec1dot3, '1.4': Spec.Spec1dot4, '1.5': Spec.Spec1dot5, '1.6': Spec.Spec1dot6 };

describe('CycloneDX', () => {
  it.each(Object.entries(SPECS))('reads version %s in JSON and in XML to the same packages', async (version, spec) => {
    const bom = makeBom();
    const json = write(`bom-${version}.cdx.json`, new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(spec)).serialize(bom));
    const xml = write(`bom-${version}.cdx.xml`, new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(spec)).serialize(bom));
    expect(await detectSbom(json)).toBe('cyclonedx-json');
    expect(await detectSbom(xml)).toBe('cyclonedx-xml');
    const fromJson = await read(json, 'cyclonedx-json');
    const fromXml = await read(xml, 'cyclonedx-xml');
    const summary = (events: SbomEvent[]) =>
      packagesOf(events).map((p) => [p.package_uid, p.data.purl, p.data.declared_license_expression, p.data.declared_license_expression_spdx, p.data.sha256, p.data.md5]);
    expect(summary(fromJson)).toEqual(summary(fromXml));
    expect(summary(fromJson)).toEqual([
      ['pkg:npm/express@4.21.2', 'pkg:npm/express@4.21.2', 'mit OR apache-2.0', 'MIT OR Apache-2.0', 'ab'.repeat(32), 'cd'.repeat(16)],
      ['debug-ref', 'pkg:npm/debug@2.6.9', 'mit', 'MIT', null, null],
      ['ms-ref', 'pkg:npm/ms@2.0.0', 'unknown-license-reference', 'LicenseRef-scancode-unknown-license-reference', null, null],
    ]);
    const edges = (events: SbomEvent[]) => events.flatMap((e) => (e.kind === 'dependency' ? [`${e.from}>${e.to}`] : [])).sort();
    expect(edges(fromJson)).toEqual(['debug-ref>ms-ref', 'pkg:npm/express@4.21.2>debug-ref']);
    expect(edges(fromXml)).toEqual(edges(fromJson));
    const header = fromJson.find((e) => e.kind === 'header');
    expect(header).toMatchObject({ header: { bomFormat: 'CycloneDX', specVersion: version, serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79' } });
  });

  it('keeps the fields CycloneDX has: copyright, description, references, properties, nesting, vulnerabilities', async () => {
    const file = write('full.cdx.json', new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6)).serialize(makeBom()));
    const events = await read(file, 'cyclonedx-json');
    const [express, debug, ms] = packagesOf(events);
    expect(express?.data).toMatchObject({
      type: 'npm',
      name: 'express',
      version: '4.21.2',
      copyright: 'Copyright (c) 2009-2014 TJ Holowaychuk',
      description: 'Fast web framework',
      vcs_url: 'https://github.com/expressjs/express',
      primary_language: 'JavaScript',
      extracted_license_statement: 'MIT OR Apache-2.0',
      extra_data: { externalReferences: { vcs: ['https://github.com/expressjs/express'] } },
    });
    expect(express?.data.license_detections[0]?.matches[0]?.from_file).toBe('full.cdx.json');
    expect(debug?.data.extra_data).toEqual({ nestedComponents: ['ms-ref'] });
    expect(ms?.data.extracted_license_statement).toBe('Custom Licence Of ms');
    expect(events.filter((e) => e.kind === 'vulnerability')).toEqual([
      { kind: 'vulnerability', ref: 'debug-ref', advisory: expect.objectContaining({ advisory_id: 'CVE-2024-0001', summary: 'Something bad' }) },
    ]);
  });

  it('says where a document is malformed', async () => {
    expect(await failure(write('broken.cdx.json', '{"bomFormat": "CycloneDX",\n  "components": [ {"name": "a",, } ]}'), 'cyclonedx-json')).toMatch(
      /^broken\.cdx\.json: not valid JSON at line 2, column \d+/,
    );
    expect(await failure(write('future.cdx.json', '{"bomFormat": "CycloneDX", "specVersion": "2.0", "components": []}'), 'cyclonedx-json')).toBe(
      'future.cdx.json: specVersion: CycloneDX 2.0 is not supported (1.2 to 1.7 are)',
    );
    expect(await failure(write('other.cdx.json', '{"bomFormat": "SPDX", "specVersion": "1.6"}'), 'cyclonedx-json')).toBe('other.cdx.json: bomFormat: expected "CycloneDX", found "SPDX"');
    expect(await failure(write('noname.cdx.json', '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "ok"}, {"type": "library", "version": "1"}]}'), 'cyclonedx-json')).toBe(
      'noname.cdx.json: components[1].name: the required field is missing or empty',
    );
    expect(
      await failure(
        write('badpurl.cdx.json', '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "x", "components": [{"type": "library", "name": "y", "purl": "npm:y@1"}]}]}'),
        'cyclonedx-json',
      ),
    ).toBe('badpurl.cdx.json: components[0].components[0].purl: "npm:y@1" is not a valid package URL');
    expect(await failure(write('dupe.cdx.json', '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"type": "library", "name": "a", "bom-ref": "r"}, {"type": "library", "name": "b", "bom-ref": "r"}]}'), 'cyclonedx-json')).toMatch(
      /components\[1\]\.bom-ref: "r" is used by another component/,
    );
    expect(await failure(write('nospec.cdx.json', '{"bomFormat": "CycloneDX", "components": []}'), 'cyclonedx-json')).toBe('nospec.cdx.json: specVersion: the required field is missing');
    expect(await failure(write('array.cdx.json', '[1, 2]'), 'cyclonedx-json')).toBe('array.cdx.json: the document is not a JSON object');
    expect(await failure(write('empty.cdx.json', ''), 'cyclonedx-json')).toBe('empty.cdx.json: the file is empty');
    expect(await failure(write('cut.cdx.json', '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "a"}'), 'cyclonedx-json')).toMatch(/^cut\.cdx\.json: not valid JSON/);
    expect(await failure(write('broken.cdx.xml', '<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component></components></bom>'), 'cyclonedx-xml')).toMatch(
      /^broken\.cdx\.xml: line 1, column \d+: not valid XML/,
    );
    expect(await failure(write('ns.cdx.xml', '<bom xmlns="http://example.com/bom"/>'), 'cyclonedx-xml')).toMatch(/is not a CycloneDX BOM namespace/);
  });

  it('streams a large BOM: packages come before the whole document is read', async () => {
    const count = 20_000;
    const file = path.join(dir, 'large.cdx.json');
    const out = fs.createWriteStream(file);
    out.write('{"components": [');
    for (let i = 0; i < count; i++) {
      out.write(`${i ? ',' : ''}{"type":"library","bom-ref":"r${i}","name":"p${i}","version":"1.0.${i}","purl":"pkg:npm/p${i}@1.0.${i}","licenses":[{"license":{"id":"MIT"}}],"description":"${'x'.repeat(400)}"}`);
    }
    out.write('], "bomFormat": "CycloneDX", "specVersion": "1.6"}');
    await new Promise((resolve) => out.end(resolve));
    const packages = packagesOf(await read(file, 'cyclonedx-json'));
    expect(packages).toHaveLength(count);
    expect(packages[count - 1]?.data.purl).toBe(`pkg:npm/p${count - 1}@1.0.${count - 1}`);

    // The same document cut short: the packages before the cut were delivered, then the error.
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    let delivered = 0;
    await expect(
      (async () => {
        for await (const event of readSbom(file, 'cyclonedx-json', 'large.cdx.json')) {
          delivered += event.kind === 'package' ? 1 : 0;
        }
      })(),
    ).rejects.toThrow(/large\.cdx\.json: not valid JSON/);
    expect(delivered).toBeGreaterThan(count / 4);
    expect(delivered).toBeLessThan(count);
  });
});
