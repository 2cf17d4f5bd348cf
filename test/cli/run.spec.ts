import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configToEnv, loadConfig } from '../../src/config/config';
import { runCli } from '../support/cli';
import { createTestDatabase, describeWithDb, makeTempDir, type TestDatabase } from '../support/db';

describeWithDb('scanloom run', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let tree: string;
  beforeAll(async () => {
    const workspace = makeTempDir();
    database = await createTestDatabase(workspace);
    env = { ...configToEnv({ ...loadConfig({ SCANLOOM_WORKSPACE: workspace }, workspace), database: database.config }), SCANLOOM_LOG_LEVEL: 'warn' };
    tree = path.join(makeTempDir(), 'semver');
    fs.cpSync(path.resolve(__dirname, '../../node_modules/semver'), tree, { recursive: true });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('scans a directory and prints ScanCode.io JSON results with every file', async () => {
    const result = await runCli(['run', 'scan_codebase', tree, '--project', 'one shot'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('scan_codebase successfully executed.');
    const doc = JSON.parse(result.stdout);
    expect(Object.keys(doc)).toEqual(['headers', 'packages', 'dependencies', 'license_detections', 'files', 'relations']);
    expect(doc.headers[0]).toMatchObject({ tool_name: 'scanpipe', runs: [expect.objectContaining({ pipeline_name: 'scan_codebase', status: 'success' })] });
    const found = execFileSync('find', ['.', '-mindepth', '1', '-not', '-type', 'l'], { cwd: tree, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((p) => p.slice(2))
      .sort();
    expect(doc.files.map((f: { path: string }) => f.path)).toEqual(found);
    const pkg = doc.files.find((f: { path: string }) => f.path === 'package.json');
    expect(pkg.sha1).toBe(createHash('sha1').update(fs.readFileSync(path.join(tree, 'package.json'))).digest('hex'));
    expect(pkg).toMatchObject({ type: 'file', is_manifest: true, is_top_level: true });
  });

  it('refuses a bad pipeline name and a missing input with one line and exit code 1', async () => {
    const badPipeline = await runCli(['run', 'nope', tree], env);
    expect(badPipeline).toMatchObject({ code: 1, stderr: 'CommandError: pipeline: "nope" is not a valid choice.\n', stdout: '' });
    const missing = await runCli(['run', 'scan_codebase', '/no/such/file.zip'], env);
    expect(missing).toMatchObject({ code: 1, stderr: 'CommandError: /no/such/file.zip not found or not a file\n' });
  });
});
