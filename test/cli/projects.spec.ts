import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import * as tar from 'tar';
import { configToEnv } from '../../src/config/config';
import { startTestApp, type TestApp } from '../support/app';
import { runCli, type CliResult } from '../support/cli';
import { describeWithDb, makeTempDir } from '../support/db';
import { makeMessage, makePackage, makeResources } from '../support/factories';
import { createProject } from '../support/runs';

interface Detail {
  uuid: string;
  name: string;
  notes: string;
  labels: string[];
  input_sources: { filename: string; download_url: string; is_uploaded: boolean; tag: string; exists: boolean }[];
  runs: { pipeline_name: string; selected_groups: string[] | null; status: string }[];
}

/** A failure reported the way the issue asks: exit 1, one line on stderr, nothing on stdout, no stack trace. */
function expectOneLineError(result: CliResult, message: string): void {
  expect(result).toMatchObject({ code: 1, stdout: '', stderr: `CommandError: ${message}\n` });
}

/** Each command is a child process that boots the app: several of them take a while on a busy machine. */
const CLI_TIMEOUT = 300_000;

describeWithDb('scanloom project commands', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let files: string;
  let archive: string;
  let source: string;

  const detailByName = async (name: string): Promise<Detail> => {
    const list = await request(t.url).get('/api/projects/').query({ name }).expect(200);
    const [item] = (list.body as { results: { uuid: string }[] }).results;
    return (await request(t.url).get(`/api/projects/${item!.uuid}/`).expect(200)).body as Detail;
  };
  const workDirectory = (uuid: string) => path.join(t.workspace, 'projects', fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.endsWith(uuid.slice(0, 8)))!);

  beforeAll(async () => {
    t = await startTestApp({}, { executeRuns: false, superviseRuns: false });
    env = { ...configToEnv(t.config), SCANLOOM_LOG_LEVEL: 'warn' };
    delete env.REDIS_URL;
    files = makeTempDir('scanloom-cli-inputs-');
    source = path.join(files, 'src');
    fs.mkdirSync(path.join(source, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(source, 'lib', 'index.js'), '// SPDX-License-Identifier: MIT\n');
    fs.writeFileSync(path.join(source, 'README'), 'demo\n');
    archive = path.join(files, 'demo-1.0.tar.gz');
    await tar.c({ gzip: true, file: archive, cwd: files }, ['src']);
    fs.writeFileSync(path.join(files, 'notes.txt'), 'notes\n');
    await createProject(t, { name: 'cli errors' });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(files, { recursive: true, force: true });
  });

  it('create-project copies files (with tags), records URLs, copies a codebase, and adds pipelines, labels and notes', async () => {
    const result = await runCli(
      [
        'create-project', 'cli full',
        '--input-file', `${archive}:release`, '--input-file', path.join(files, 'notes.txt'),
        '--input-url', 'https://example.com/pkg-2.0.zip#upstream',
        '--copy-codebase', source,
        '--pipeline', 'test_with_groups:foo,bar', '--pipeline', 'test_do_nothing',
        '--label', 'audit', '--label', 'team-a', '--notes', 'From the CLI',
      ],
      env,
    );
    const project = await detailByName('cli full');
    const work = workDirectory(project.uuid);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      [
        `Project cli full created with work directory ${work}`,
        'Files copied to the project inputs directory:',
        '- demo-1.0.tar.gz',
        '- notes.txt',
        'URL(s) added as project input sources:',
        '- https://example.com/pkg-2.0.zip#upstream',
        `${source} content copied in ${path.join(work, 'codebase')}`,
        '',
      ].join('\n'),
    );
    expect(project).toMatchObject({ notes: 'From the CLI', labels: ['audit', 'team-a'] });
    expect(project.runs.map((r) => [r.pipeline_name, r.selected_groups, r.status])).toEqual([
      ['test_with_groups', ['foo', 'bar'], 'not_started'],
      ['test_do_nothing', null, 'not_started'],
    ]);
    // URLs are recorded with the project, files copied right after.
    expect(project.input_sources.map((i) => [i.filename, i.is_uploaded, i.tag, i.exists])).toEqual([
      ['', false, 'upstream', false],
      ['demo-1.0.tar.gz', true, 'release', true],
      ['notes.txt', true, '', true],
    ]);
    expect(fs.readFileSync(path.join(work, 'input', 'demo-1.0.tar.gz'))).toEqual(fs.readFileSync(archive));
    expect(fs.readFileSync(path.join(work, 'codebase', 'lib', 'index.js'), 'utf8')).toBe('// SPDX-License-Identifier: MIT\n');
    expect(fs.readdirSync(path.join(work, 'tmp'))).toEqual([]);
  }, CLI_TIMEOUT);

  it('create-project --execute runs the pipelines in order; a failing one exits 1 with its output', async () => {
    const ok = await runCli(['create-project', 'cli exec', '--pipeline', 'test_with_groups:foo', '--pipeline', 'test_do_nothing', '--execute'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Project cli exec created with work directory .+\n/);
    expect(ok.stdout).toContain(
      'Start the test_with_groups pipeline execution...\ntest_with_groups successfully executed on project cli exec\n' +
        'test_do_nothing successfully executed on project cli exec\n',
    );
    expect((await detailByName('cli exec')).runs.map((r) => r.status)).toEqual(['success', 'success']);

    const failed = await runCli(['create-project', 'cli fail', '--pipeline', 'test_fail', '--execute', '--verbosity', '0'], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('Error during test_fail execution (failure):\nSomething went wrong in raise_error');
    expect((await detailByName('cli fail')).runs.map((r) => r.status)).toEqual(['failure']);
  }, CLI_TIMEOUT);

  it('status shows the counts, the inputs (flagging those not on disk) and each run with its log', async () => {
    const { uuid } = await createProject(t, { name: 'cli status', input_urls: ['https://example.com/a.zip'] });
    await makeResources(t.db, uuid, [{ path: 'a', type: 'directory' }, { path: 'a/x.c', status: 'scanned' }, { path: 'a/y.c', status: 'scanned' }]);
    await makePackage(t.db, uuid, { type: 'npm', name: 'x', version: '1.0.0' }, ['a/x.c']);
    await makeMessage(t.db, uuid, { description: 'oops' });
    fs.writeFileSync(path.join(workDirectory(uuid), 'input', 'dropped.bin'), 'x');
    await runCli(['add-pipeline', '--project', 'cli status', 'test_do_nothing'], env);
    expect((await runCli(['execute', '--project', 'cli status'], env)).code).toBe(0);

    const result = await runCli(['status', '--project', 'cli status'], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['cli status', expect.stringMatching(/^Create date: [A-Z][a-z]{2} \d\d \d{4} \d\d:\d\d$/), `Work directory: ${workDirectory(uuid)}`]);
    expect(result.stdout).toContain(
      '\nDatabase:\n - CodebaseResource: 3\n   - (no status): 1\n   - scanned: 2\n - DiscoveredPackage: 1\n - ProjectMessage: 1\n' +
        '\nInputs:\n -  [download_url=https://example.com/a.zip] NOT ON DISK\n - dropped.bin [source=unknown]\n' +
        '\nPipelines:\n [SUCCESS] test_do_nothing',
    );
    expect(result.stdout).toMatch(/\n {3}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} Pipeline \[test_do_nothing\] starting\n/);
    expect(result.stdout).toMatch(/ {3}\S+ \S+ step1 ran\n/);
    // --verbosity 0 keeps the name, the date and the work directory.
    const short = await runCli(['status', '--project', 'cli status', '--verbosity', '0'], env);
    expect(short.stdout.split('\n')).toHaveLength(4);
  }, CLI_TIMEOUT);

  it('add-input adds tagged files, URLs and a codebase, and is refused once a run has started', async () => {
    const { uuid } = await createProject(t, { name: 'cli inputs' });
    const result = await runCli(
      ['add-input', '--project', 'cli inputs', '--input-file', `${archive}:v1`, '--input-url', 'https://example.com/b.tgz', '--copy-codebase', source],
      env,
    );
    const work = workDirectory(uuid);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      'File copied to the project inputs directory:\n- demo-1.0.tar.gz\nURL(s) added as project input sources:\n- https://example.com/b.tgz\n' +
        `${source} content copied in ${path.join(work, 'codebase')}\n`,
    );
    const project = await detailByName('cli inputs');
    expect(project.input_sources.map((i) => [i.filename || i.download_url, i.tag])).toEqual([
      ['https://example.com/b.tgz', ''],
      ['demo-1.0.tar.gz', 'v1'],
    ]);
    expect(fs.existsSync(path.join(work, 'codebase', 'README'))).toBe(true);
    // A second file of the same name is kept beside the first.
    const again = await runCli(['add-input', '--project', 'cli inputs', '--input-file', archive, '--verbosity', '0'], env);
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(fs.readdirSync(path.join(work, 'input')).sort()).toEqual(['demo-1.0.tar.gz', 'demo-1_1.0.tar.gz']);

    await createProject(t, { name: 'cli started', pipeline: ['test_do_nothing'] });
    await runCli(['execute', '--project', 'cli started'], env);
    const refused = await runCli(['add-input', '--project', 'cli started', '--input-url', 'https://example.com/c.zip'], env);
    expectOneLineError(refused, 'Cannot add inputs once a pipeline has started to execute on a project.');
    expectOneLineError(await runCli(['add-input', '--project', 'cli inputs'], env), 'Provide inputs with the --input-file, --input-url, or --copy-codebase');
  }, CLI_TIMEOUT);

  it('add-pipeline appends runs in order, with groups and old names mapped, and starts nothing', async () => {
    await createProject(t, { name: 'cli pipelines' });
    const result = await runCli(['add-pipeline', '--project', 'cli pipelines', 'test_with_groups:bar', 'test_do_nothing'], env);
    expect(result).toMatchObject({ code: 0, stdout: 'Pipelines test_with_groups, test_do_nothing added to the project\n', stderr: '' });
    const one = await runCli(['add-pipeline', '--project', 'cli pipelines', 'scan_codebase_packages'], env);
    expect(one.stdout).toBe('Pipeline inspect_packages added to the project\n');
    expect((await detailByName('cli pipelines')).runs.map((r) => [r.pipeline_name, r.selected_groups, r.status])).toEqual([
      ['test_with_groups', ['bar'], 'not_started'],
      ['test_do_nothing', null, 'not_started'],
      ['inspect_packages', null, 'not_started'],
    ]);
  }, CLI_TIMEOUT);

  it('list-project lists newest first, hides archived projects unless asked, and searches names and labels', async () => {
    await createProject(t, { name: 'zeta list one', labels: ['kernel'] });
    await createProject(t, { name: 'zeta list two' });
    const { uuid } = await createProject(t, { name: 'zeta list old' });
    await request(t.url).post(`/api/projects/${uuid}/archive/`).send({}).expect(200);
    expect((await runCli(['list-project', '--search', 'ZETA'], env)).stdout).toBe('zeta list two\nzeta list one\n');
    expect((await runCli(['list-project', '--search', 'zeta', '--include-archived'], env)).stdout).toBe('zeta list old [archived]\nzeta list two\nzeta list one\n');
    expect((await runCli(['list-project', '--search', 'kern'], env)).stdout).toBe('zeta list one\n');
    const verbose = await runCli(['list-project', '--search', 'zeta list', '--verbosity', '2'], env);
    expect(verbose.stdout).toMatch(/^zeta list two\nCreate date: .+\nWork directory: .+\n\n-{50}\n\n\nzeta list one\nCreate date: .+\nWork directory: .+\n$/);
  }, CLI_TIMEOUT);

  it.each([
    [['create-project', 'cli bad', '--pipeline', 'nope'], /^nope is not a valid pipeline\. Available: analyze_docker_image, .*test_with_groups$/],
    [['create-project', 'cli bad', '--input-file', '/no/such/file.zip'], '/no/such/file.zip not found or not a file'],
    [['create-project', 'cli bad', '--copy-codebase', '/no/such/dir'], '/no/such/dir not found'],
    [['create-project', 'cli bad', '--execute'], 'The --execute option requires one or more pipelines.'],
    [['create-project', 'cli bad', '--pipeline', 'test_do_nothing', '--execute', '--async'], '--async needs REDIS_URL: runs are queued for workers through Redis.'],
    [['create-project', 'cli bad', '--input-url', 'ftp://example.com/x.zip'], /^input_urls: URL scheme 'ftp' is not supported/],
    [['add-pipeline', '--project', 'cli errors', 'test_do_nothing', 'nope'], /^nope is not a valid pipeline\./],
    [['add-input', '--project', 'cli errors', '--input-file', '/no/such/file.zip'], '/no/such/file.zip not found or not a file'],
    [['add-input', '--project', 'missing', '--input-url', 'https://example.com/x.zip'], 'Project missing does not exist'],
    [['add-pipeline', '--project', 'missing', 'test_do_nothing'], 'Project missing does not exist'],
    [['status', '--project', 'missing'], 'Project missing does not exist'],
  ])('%j fails with one line and exit code 1, and creates nothing', async (args, message) => {
    const before = (await request(t.url).get('/api/projects/').expect(200)).body.count as number;
    const result = await runCli(args, env);
    if (typeof message === 'string') {
      expectOneLineError(result, message);
    } else {
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(result.stderr.replace(/^CommandError: /, '').trimEnd()).toMatch(message);
    }
    expect((await request(t.url).get('/api/projects/').expect(200)).body.count).toBe(before);
    expect(await detailByName('cli errors')).toMatchObject({ runs: [], input_sources: [] });
  }, CLI_TIMEOUT);

  it('create-project refuses a name already taken', async () => {
    await createProject(t, { name: 'cli taken' });
    expectOneLineError(await runCli(['create-project', 'cli taken'], env), 'Project with this name already exists: cli taken');
  }, CLI_TIMEOUT);
});
