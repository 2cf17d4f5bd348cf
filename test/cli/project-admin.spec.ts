import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { configToEnv } from '../../src/config/config';
import { Project } from '../../src/projects/project.entity';
import { Run } from '../../src/runs/run.entity';
import { startTestApp, type TestApp } from '../support/app';
import { runCli, type CliResult } from '../support/cli';
import { describeWithDb, makeTempDir } from '../support/db';
import { makeDependency, makePackage, makeResources } from '../support/factories';
import { createProject } from '../support/runs';
import { readXlsx } from '../support/validators';

function expectOneLineError(result: CliResult, message: string): void {
  expect(result).toMatchObject({ code: 1, stdout: '', stderr: `CommandError: ${message}\n` });
}

/** Each command is a child process that boots the app: several of them take a while on a busy machine. */
const CLI_TIMEOUT = 300_000;

describeWithDb('scanloom archive, reset, delete, flush, report, verify and batch commands', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let scratch: string;

  const find = async (name: string) => {
    const list = await request(t.url).get('/api/projects/').query({ name }).expect(200);
    const [item] = (list.body as { results: { uuid: string }[] }).results;
    return item ? ((await request(t.url).get(`/api/projects/${item.uuid}/`).expect(200)).body as Record<string, unknown> & { uuid: string }) : null;
  };
  const workDirectory = (uuid: string) => path.join(t.workspace, 'projects', fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.endsWith(uuid.slice(0, 8)))!);

  /** A project with an uploaded input, files in codebase/ and output/, resources and a finished run. */
  async function projectWithData(name: string, labels: string[] = []): Promise<string> {
    let form = request(t.url).post('/api/projects/').field('name', name).field('pipeline', 'test_with_groups:foo');
    for (const label of labels) {
      form = form.field('labels', label);
    }
    const created = await form.attach('upload_file', Buffer.from('data'), 'input.bin').expect(201);
    const { uuid } = created.body as { uuid: string };
    await makeResources(t.db, uuid, [{ path: 'x.c', status: 'scanned' }]);
    const now = new Date();
    await t.db.getRepository(Run).update({ project_uuid: uuid }, { task_id: randomUUID(), task_start_date: now, task_end_date: now, task_exitcode: 0 });
    fs.writeFileSync(path.join(workDirectory(uuid), 'codebase', 'x.c'), 'int x;');
    fs.writeFileSync(path.join(workDirectory(uuid), 'output', 'results.json'), '{}');
    return uuid;
  }

  beforeAll(async () => {
    t = await startTestApp({}, { executeRuns: false, superviseRuns: false });
    env = { ...configToEnv(t.config), SCANLOOM_LOG_LEVEL: 'warn' };
    delete env.REDIS_URL;
    scratch = makeTempDir('scanloom-cli-admin-');
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('archive-project asks first, then empties the chosen folders and archives', async () => {
    const uuid = await projectWithData('adm archive');
    const cancelled = await runCli(['archive-project', '--project', 'adm archive'], env, 'no\n');
    expect(cancelled).toMatchObject({
      code: 0,
      stdout: "You have requested to archive the adm archive project.\nAre you sure you want to do this?\nType 'yes' to continue, or 'no' to cancel: Archive cancelled.\n",
    });
    expect((await find('adm archive'))!.is_archived).toBe(false);
    const done = await runCli(['archive-project', '--project', 'adm archive', '--no-input', '--remove-input', '--remove-output'], env);
    expect(done).toMatchObject({ code: 0, stdout: 'The adm archive project has been archived.\n', stderr: '' });
    expect(await find('adm archive')).toMatchObject({ is_archived: true, input_root: [], output_root: [] });
    expect(fs.readdirSync(path.join(workDirectory(uuid), 'codebase'))).toEqual(['x.c']);
  }, CLI_TIMEOUT);

  it('reset-project deletes results and runs, keeps inputs, and restores the pipelines when asked', async () => {
    const uuid = await projectWithData('adm reset');
    const result = await runCli(['reset-project', '--project', 'adm reset', '--restore-pipelines'], env, 'yes\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'You have requested the reset of the adm reset project.\nThis will IRREVERSIBLY DESTROY all data, except inputs, related to that project.\n' +
        "Are you sure you want to do this?\nType 'yes' to continue, or 'no' to cancel: The adm reset project has been reset.\n",
    );
    const after = await find('adm reset');
    expect(after).toMatchObject({ input_root: ['input.bin'], output_root: [], codebase_resources_summary: {} });
    expect((after!.runs as { pipeline_name: string; selected_groups: string[]; status: string }[]).map((r) => [r.pipeline_name, r.selected_groups, r.status])).toEqual([
      ['test_with_groups', ['foo'], 'not_started'],
    ]);
    expect(fs.readdirSync(path.join(workDirectory(uuid), 'codebase'))).toEqual([]);
    // --execute-now: without Redis this process executes the restored runs and waits for them.
    const executed = await runCli(['reset-project', '--project', 'adm reset', '--no-input', '--restore-pipelines', '--execute-now'], env);
    expect(executed).toMatchObject({
      code: 0,
      stdout: 'The adm reset project has been reset.\nStart the test_with_groups pipeline execution...\ntest_with_groups successfully executed on project adm reset\n',
    });
    expect(((await find('adm reset'))!.runs as { status: string }[]).map((r) => r.status)).toEqual(['success']);
    // A queued run blocks the reset, as in the API.
    await t.db.getRepository(Run).update({ project_uuid: uuid }, { task_id: randomUUID(), task_start_date: null, task_end_date: null, task_exitcode: null });
    expectOneLineError(await runCli(['reset-project', '--project', 'adm reset', '--no-input'], env), 'Cannot reset project while a run is in progress.');
    expectOneLineError(await runCli(['delete-project', '--project', 'adm reset', '--no-input'], env), 'Cannot delete project while a run is in progress.');
  }, CLI_TIMEOUT);

  it('delete-project removes the rows and the work directory once confirmed', async () => {
    const uuid = await projectWithData('adm delete');
    const work = workDirectory(uuid);
    const result = await runCli(['delete-project', '--project', 'adm delete'], env, 'yes\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/to cancel: All the adm delete project data have been removed\.\n$/);
    expect(await find('adm delete')).toBeNull();
    expect(fs.existsSync(work)).toBe(false);
  }, CLI_TIMEOUT);

  it('flush-projects deletes the projects older than --retain-days with a label or pipeline; --dry-run only lists them', async () => {
    const old = await projectWithData('flush old', ['flushme']);
    await projectWithData('flush new', ['flushme']);
    await projectWithData('flush other', ['keep']);
    await t.db.getRepository(Project).update({ uuid: old }, { created_date: new Date(Date.now() - 10 * 86_400_000) });

    const dry = await runCli(['flush-projects', '--label', 'flushme', '--retain-days', '5', '--dry-run'], env);
    expect(dry).toMatchObject({ code: 0, stdout: '1 projects would be deleted:\n- flush old\n' });
    const flushed = await runCli(['flush-projects', '--label', 'flushme', '--retain-days', '5', '--no-input'], env);
    expect(flushed).toMatchObject({ code: 0, stdout: '1 project and its related data have been removed.\n' });
    expect(await find('flush old')).toBeNull();
    expect(await find('flush new')).not.toBeNull();
    const byPipeline = await runCli(['flush-projects', '--label', 'flushme', '--pipeline', 'test_with_groups', '--no-input'], env);
    expect(byPipeline.stdout).toBe('1 project and its related data have been removed.\n');
    expect(await runCli(['flush-projects', '--label', 'flushme', '--no-input'], env)).toMatchObject({ code: 0, stdout: 'No projects to delete.\n' });
    expect(await find('flush other')).not.toBeNull();
  }, CLI_TIMEOUT);

  it('report writes one XLSX sheet across the selected projects', async () => {
    await projectWithData('report one', ['quarterly']);
    await projectWithData('report two', ['quarterly']);
    const result = await runCli(['report', '--model', 'resource', '--label', 'quarterly', '--output-directory', scratch], env);
    expect(result.code).toBe(0);
    const [first, second] = result.stdout.split('\n');
    expect(first).toBe('2 project(s) will be included in the report.');
    const file = /^Report generated at (.+\.xlsx) in \d+ seconds/.exec(second!)![1]!;
    expect(path.dirname(file)).toBe(scratch);
    expect(path.basename(file)).toMatch(/^scancodeio-report-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.xlsx$/);
    const sheet = readXlsx(file).RESOURCES!;
    expect(sheet.header[0]).toBe('project');
    expect(sheet.rows.map((row) => [row[0], row[sheet.header.indexOf('path')]]).sort()).toEqual([
      ['report one', 'x.c'],
      ['report two', 'x.c'],
    ]);
    expectOneLineError(await runCli(['report', '--model', 'package'], env), 'You must provide either --label or --search to select projects.');
    expectOneLineError(await runCli(['report', '--model', 'package', '--search', 'no such project'], env), 'No projects found for the provided criteria.');
    const badModel = await runCli(['report', '--model', 'packages', '--search', 'report'], env);
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toContain("argument 'packages' is invalid. Allowed choices are package, dependency, resource, relation, message, todo.");
  }, CLI_TIMEOUT);

  it('verify-project checks minimum or exact counts and lists each mismatch', async () => {
    const { uuid } = await createProject(t, { name: 'verify me' });
    await makePackage(t.db, uuid, { type: 'npm', name: 'a', version: '1', package_uid: 'a', affected_by_vulnerabilities: [{ vulnerability_id: 'VCID-1' }] }, []);
    await makePackage(t.db, uuid, { type: 'npm', name: 'b', version: '1', package_uid: 'b' }, []);
    await makeDependency(t.db, uuid, { name: 'c', affected_by_vulnerabilities: [{ vulnerability_id: 'VCID-1' }, { vulnerability_id: 'VCID-2' }] });
    const pass = await runCli(['verify-project', '--project', 'verify me', '--packages', '2', '--vulnerable-packages', '1', '--dependencies', '1', '--vulnerabilities', '2'], env);
    expect(pass).toMatchObject({ code: 0, stdout: 'Project verification passed.\n', stderr: '' });
    const fail = await runCli(['verify-project', '--project', 'verify me', '--packages', '3', '--vulnerable-dependencies', '0', '--vulnerabilities', '1', '--strict'], env);
    expect(fail).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'CommandError: Project verification failed:\nExpected exactly 3 packages, found 2\nExpected exactly 0 vulnerable dependencies, found 1\n' +
        'Expected exactly 1 vulnerabilities on the project, found 2\n',
    });
  }, CLI_TIMEOUT);

  it('batch-create makes one project per file of a directory, and per row of a CSV list (local or downloaded)', async () => {
    const dir = path.join(scratch, 'batch');
    fs.mkdirSync(path.join(dir, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.zip'), 'a');
    fs.writeFileSync(path.join(dir, 'nested', 'b.tgz'), 'b');
    const fromDir = await runCli(['batch-create', '--input-directory', dir, '--project-name-suffix', 'b1', '--pipeline', 'test_do_nothing', '--label', 'batch'], env);
    expect(fromDir.code).toBe(0);
    expect(fromDir.stdout).toMatch(/^Project a\.zip b1 created with work directory .+\nFile copied to the project inputs directory:\n- a\.zip\n/);
    expect(fromDir.stdout).toMatch(/Project b\.tgz b1 created with .+\n.+\n- b\.tgz\n2 projects created\.\n$/);
    expect(await find('b.tgz b1')).toMatchObject({ labels: ['batch'], input_root: ['b.tgz'], runs: [expect.objectContaining({ pipeline_name: 'test_do_nothing' })] });

    const csv = 'project_name,input_urls\nlodash,"https://example.com/lodash-4.17.21.tgz,https://example.com/lodash.sbom.json"\nleft-pad,https://example.com/left-pad.tgz\n';
    const server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/csv' }).end(csv));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/list.csv`;
      const fromUrl = await runCli(['batch-create', '--input-list', url, '--project-name-suffix', 'b2', '--verbosity', '0'], { ...env, SCANLOOM_ALLOW_PRIVATE_URLS: 'true' });
      expect(fromUrl).toMatchObject({ code: 0, stdout: '', stderr: '' });
    } finally {
      server.close();
    }
    const lodash = await find('lodash b2');
    expect((lodash!.input_sources as { download_url: string }[]).map((i) => i.download_url)).toEqual([
      'https://example.com/lodash-4.17.21.tgz',
      'https://example.com/lodash.sbom.json',
    ]);
    expect(await find('left-pad b2')).not.toBeNull();

    const badCsv = path.join(scratch, 'bad.csv');
    fs.writeFileSync(badCsv, 'name,urls\nx,https://example.com/x.zip\n');
    expectOneLineError(await runCli(['batch-create', '--input-list', badCsv], env), 'The CSV file must contain the headers: project_name, input_urls');
    expectOneLineError(await runCli(['batch-create'], env), 'You must provide either --input-directory or --input-list as input.');
    expectOneLineError(await runCli(['batch-create', '--input-directory', '/no/such/dir'], env), 'The directory does not exist.');
  }, CLI_TIMEOUT);

  it.each([
    [['archive-project', '--project', 'missing', '--no-input']],
    [['reset-project', '--project', 'missing', '--no-input']],
    [['delete-project', '--project', 'missing', '--no-input']],
    [['verify-project', '--project', 'missing', '--packages', '1']],
  ])('%j fails with one line and exit code 1 for a missing project', async (args) => {
    expectOneLineError(await runCli(args, env), 'Project missing does not exist');
  }, CLI_TIMEOUT);
});
