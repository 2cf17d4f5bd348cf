import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectPackages, treeReader } from '../../../src/pipes/packages/inspect';

const fixtures = join(__dirname, '../../fixtures/packages');

describe('assembly of a codebase (inspect_packages)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'scanloom-assemble-'));
    cpSync(join(fixtures, 'npm/express-package-lock'), join(root, 'express'), { recursive: true });
    mkdirSync(join(root, 'express/lib'), { recursive: true });
    writeFileSync(join(root, 'express/lib/express.js'), 'module.exports = {};\n');
    mkdirSync(join(root, 'express/node_modules/accepts'), { recursive: true });
    writeFileSync(join(root, 'express/node_modules/accepts/index.js'), '\n');
    mkdirSync(join(root, 'express/packages/router'), { recursive: true });
    writeFileSync(
      join(root, 'express/packages/router/package.json'),
      JSON.stringify({ name: 'router', version: '2.0.0', license: 'MIT' }),
    );
    writeFileSync(join(root, 'express/packages/router/index.js'), '\n');
    cpSync(join(fixtures, 'maven/jsoup-jar'), join(root, 'jsoup.jar-extract'), { recursive: true });
    cpSync(join(fixtures, 'golang/cobra'), join(root, 'cobra'), { recursive: true });
    writeFileSync(join(root, 'cobra/command.go'), 'package cobra\n');
    mkdirSync(join(root, 'tools'), { recursive: true });
    writeFileSync(join(root, 'tools/requirements.txt'), 'requests==2.28.1\n');
    writeFileSync(join(root, 'broken.json'), '{');
    mkdirSync(join(root, 'bad'), { recursive: true });
    writeFileSync(join(root, 'bad/package.json'), '{"name": ');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('merges package.json and package-lock.json into one package with the lockfile entries as dependencies', async () => {
    const { assembly, problems } = await inspectPackages(root);
    const express = assembly.packages.find((p) => p.name === 'express');
    expect(express?.package_uid).toMatch(/^pkg:npm\/express@4\.21\.2\?uuid=[0-9a-f-]{36}$/);
    expect(express?.datafile_paths).toEqual(['express/package.json', 'express/package-lock.json']);
    expect(express?.datasource_ids).toEqual(['npm_package_json', 'npm_package_lock_json']);
    const deps = assembly.dependencies.filter((d) => d.for_package_uid === express?.package_uid);
    expect(
      deps
        .filter((d) => d.datasource_id === 'npm_package_lock_json')
        .every((d) => d.is_pinned && d.datafile_path === 'express/package-lock.json'),
    ).toBe(true);
    expect(
      deps.find((d) => d.datasource_id === 'npm_package_json' && d.name === 'accepts')?.dependency_uid,
    ).toMatch(/^pkg:npm\/accepts\?uuid=/);
    // The package owns its files but not node_modules.
    expect(assembly.forPackages.get('express/lib/express.js')).toEqual([express?.package_uid]);
    expect(assembly.forPackages.get('express/node_modules/accepts/index.js')).toBeUndefined();
    // A nested (workspace) package owns its own tree.
    const router = assembly.packages.find((p) => p.name === 'router');
    expect(assembly.forPackages.get('express/packages/router/index.js')).toEqual([router?.package_uid]);
    expect(problems.map((p) => p.path)).toEqual(['bad/package.json']);
  });

  it('merges a jar pom.xml and MANIFEST.MF and gives the package the whole jar tree', async () => {
    const { assembly } = await inspectPackages(root);
    const jsoup = assembly.packages.find((p) => p.purl === 'pkg:maven/org.jsoup/jsoup@1.15.3');
    expect(jsoup?.datasource_ids).toEqual(['maven_pom', 'java_osgi_manifest']);
    expect(assembly.forPackages.get('jsoup.jar-extract/META-INF/MANIFEST.MF')).toEqual([jsoup?.package_uid]);
    expect(
      assembly.forPackages.get('jsoup.jar-extract/META-INF/maven/org.jsoup/jsoup/pom.properties'),
    ).toEqual([jsoup?.package_uid]);
  });

  it('merges go.mod and go.sum and keeps a lone requirements file as project-level dependencies', async () => {
    const { assembly } = await inspectPackages(root);
    const cobra = assembly.packages.find((p) => p.name === 'cobra');
    expect(cobra?.datasource_ids).toEqual(['go_mod', 'go_sum']);
    expect(assembly.forPackages.get('cobra/command.go')).toEqual([cobra?.package_uid]);
    const requests = assembly.dependencies.find((d) => d.datafile_path === 'tools/requirements.txt');
    expect(requests).toMatchObject({
      purl: 'pkg:pypi/requests@2.28.1',
      for_package_uid: null,
      type: 'pypi',
      name: 'requests',
      version: '2.28.1',
    });
  });

  it('reports datafiles over the size limit instead of reading them', async () => {
    const { problems } = await inspectPackages(root, { maxFileSize: 100_000 });
    expect(problems.find((p) => p.path === 'express/package-lock.json')?.message).toMatch(
      /exceeds the 100000 bytes limit/,
    );
  });

  it('never reads through a symlink that leaves the scanned tree', () => {
    symlinkSync('/etc/os-release', join(root, 'escape'));
    const read = treeReader(root);
    expect(read('escape')).toBeNull();
    expect(read('../etc/os-release')).toBeNull();
    expect(read('cobra/go.mod')?.toString()).toContain('module github.com/spf13/cobra');
  });

  it('creates virtual packages from lockfile entries and resolves dependencies to them', async () => {
    const { assembly } = await inspectPackages(root, { createResolvedPackages: true });
    const express = assembly.packages.find((p) => p.name === 'express');
    const bodyParser = assembly.packages.find((p) => p.name === 'body-parser');
    expect(bodyParser?.is_virtual).toBe(true);
    const pinned = assembly.dependencies.find(
      (d) => d.for_package_uid === express?.package_uid && d.name === 'body-parser' && d.is_pinned,
    );
    expect(pinned?.resolved_to_package_uid).toBe(bodyParser?.package_uid);
    // The virtual package's own requirements are dependencies of that package.
    expect(
      assembly.dependencies.some(
        (d) => d.for_package_uid === bodyParser?.package_uid && d.name === 'raw-body',
      ),
    ).toBe(true);
  });
});
