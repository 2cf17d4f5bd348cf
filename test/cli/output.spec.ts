import * as fs from 'node:fs';
import * as path from 'node:path';
import { configToEnv, loadConfig } from '../../src/config/config';
import { runCli } from '../support/cli';
import { createTestDatabase, describeWithDb, makeTempDir, type TestDatabase } from '../support/db';
import { cycloneDxErrors, readXlsx, spdxSchemaErrors } from '../support/validators';

const TARBALL = path.resolve(__dirname, '../fixtures/exports/express-4.21.2.tgz');

describeWithDb('scanloom output and run --format', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    const workspace = makeTempDir();
    database = await createTestDatabase(workspace);
    env = { ...configToEnv({ ...loadConfig({ SCANLOOM_WORKSPACE: workspace }, workspace), database: database.config }), SCANLOOM_LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await database.drop();
  });

  it('run prints a CycloneDX 1.5 BOM of the scanned package', async () => {
    const result = await runCli(['run', 'scan_codebase', TARBALL, '--project', 'express cli', '--format', 'cyclonedx:1.5'], env);
    expect(result.code).toBe(0);
    expect(await cycloneDxErrors(result.stdout, '1.5', 'json')).toBeNull();
    const bom = JSON.parse(result.stdout) as { specVersion: string; components: { purl: string }[] };
    expect(bom.specVersion).toBe('1.5');
    expect(bom.components.map((c) => c.purl)).toContain('pkg:npm/express@4.21.2');
  }, 300_000);

  it('output writes each format to output/ and prints the paths; --print writes one format to stdout', async () => {
    const written = await runCli(['output', '--project', 'express cli', '--format', 'json', 'xlsx', 'spdx:2.2'], env);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const files = written.stdout.trim().split('\n');
    expect(files.map((f) => path.basename(f).replace(/-[\d-]+\./, '-TS.'))).toEqual(['results-TS.json', 'results-TS.xlsx', 'results-TS.spdx.json']);
    for (const file of files) {
      expect(path.basename(path.dirname(file))).toBe('output');
      expect(path.basename(path.dirname(path.dirname(file)))).toMatch(/^express-cli-/);
    }
    const results = JSON.parse(fs.readFileSync(files[0]!, 'utf8')) as { packages: unknown[]; files: unknown[] };
    expect(readXlsx(files[1]!).RESOURCES!.rows).toHaveLength(results.files.length);
    const spdx = JSON.parse(fs.readFileSync(files[2]!, 'utf8')) as { spdxVersion: string };
    expect(spdx.spdxVersion).toBe('SPDX-2.2');
    expect(spdxSchemaErrors(spdx)).toEqual([]);

    const printed = await runCli(['output', '--project', 'express cli', '--format', 'spdx-tag-value', '--print'], env);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^SPDXVersion: SPDX-2\.3\n/);
    expect(printed.stdout).toContain('PackageName: express\n');
  }, 300_000);

  it('refuses what ScanCode.io refuses, with one line and exit code 1', async () => {
    const cases: [string[], string][] = [
      [['--format', 'json', 'spdx', '--print'], 'CommandError: --print cannot be used when multiple formats are provided.\n'],
      [['--format', 'xlsx', '--print'], 'CommandError: --print is not compatible with the xlsx format.\n'],
      [['--format', 'pdf'], "CommandError: argument --format: invalid choice: 'pdf' (choose from json, xlsx, spdx, spdx-tag-value, cyclonedx, cyclonedx-xml, attribution, ort-package-list; versions: spdx 2.3, 2.2; cyclonedx 1.6, 1.5, 1.4)\n"],
      [['--format', 'cyclonedx:9'], "CommandError: argument --format: invalid choice: 'cyclonedx:9' (choose from json, xlsx, spdx, spdx-tag-value, cyclonedx, cyclonedx-xml, attribution, ort-package-list; versions: spdx 2.3, 2.2; cyclonedx 1.6, 1.5, 1.4)\n"],
    ];
    for (const [args, stderr] of cases) {
      expect(await runCli(['output', '--project', 'express cli', ...args], env)).toMatchObject({ code: 1, stderr, stdout: '' });
    }
    expect(await runCli(['output', '--project', 'nope'], env)).toMatchObject({ code: 1, stderr: 'CommandError: Project nope does not exist\n' });
  }, 300_000);
});
