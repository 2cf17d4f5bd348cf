import request from 'supertest';
import { configToEnv } from '../../src/config/config';
import { startTestApp, type TestApp } from '../support/app';
import { runCli } from '../support/cli';
import { describeWithDb } from '../support/db';
import { createProject } from '../support/runs';

describeWithDb('scanloom pipeline and execute commands', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({}, { executeRuns: false, superviseRuns: false });
    env = { ...configToEnv(t.config), SCANLOOM_LOG_LEVEL: 'warn' };
    delete env.REDIS_URL;
  });
  afterAll(async () => {
    await t.close();
  });

  it('list-pipelines prints every pipeline with its summary, and its steps at verbosity 2', async () => {
    const plain = await runCli(['list-pipelines'], env);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('- scan_codebase\n  Scan a codebase for application packages, licenses, and copyrights.\n');
    expect(plain.stdout).toContain('- analyze_docker_image\n');
    const verbose = await runCli(['list-pipelines', '--verbosity', '2'], env);
    expect(verbose.stdout).toContain('   > scan_binaries_for_package {Compiled}\n');
    expect(verbose.stdout).toContain('  Available groups: Compiled, StaticResolver\n');
  });

  it('execute runs the next pipeline and the ones chained after it, then show-pipeline tells', async () => {
    await createProject(t, { name: 'cli exec', pipeline: ['test_sleep', 'test_with_groups:foo'], settings: { sleep_seconds: 2 } });
    const shown = await runCli(['show-pipeline', '--project', 'cli exec'], env);
    expect(shown.stdout).toBe(' [NOT_STARTED] test_sleep\n [NOT_STARTED] test_with_groups (foo)\n');
    const result = await runCli(['execute', '--project', 'cli exec'], env);
    // Not a terminal: plain progress lines instead of a bar.
    expect(result.stderr).toContain('[test_sleep] step 2/2 sleep\n');
    expect(result.stderr).toMatch(/\[test_sleep\] Progress: \d+% \(\d+\/20\)\n/);
    expect(result.stdout).toBe(
      'Start the test_sleep pipeline execution...\ntest_sleep successfully executed on project cli exec\ntest_with_groups successfully executed on project cli exec\n',
    );
    expect(result.code).toBe(0);
    const after = await runCli(['show-pipeline', '--project', 'cli exec'], env);
    expect(after.stdout).toBe(' [SUCCESS] test_sleep\n [SUCCESS] test_with_groups (foo)\n');
    const again = await runCli(['execute', '--project', 'cli exec'], env);
    expect(again).toMatchObject({ code: 1, stderr: 'CommandError: No pipelines to run on project cli exec\n' });
  });

  it('execute exits 1 with the task output when the pipeline fails', async () => {
    const { uuid } = await createProject(t, { name: 'cli fail', pipeline: ['test_fail'] });
    const result = await runCli(['execute', '--project', 'cli fail'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error during test_fail execution (failure):\nSomething went wrong in raise_error');
    const detail = await request(t.url).get(`/api/projects/${uuid}/`).expect(200);
    expect(detail.body.runs[0].status).toBe('failure');
  });

  it.each([
    [['show-pipeline', '--project', 'missing'], 'CommandError: Project missing does not exist\n'],
    [['execute', '--project', 'missing'], 'CommandError: Project missing does not exist\n'],
    [['worker'], 'CommandError: scanloom worker needs REDIS_URL: without Redis, the server executes runs itself.\n'],
    [['execute', '--project', 'cli exec', '--async'], 'CommandError: --async needs REDIS_URL: runs are queued for workers through Redis.\n'],
  ])('%j fails with one line and exit code 1', async (args, message) => {
    const result = await runCli(args, env);
    expect(result).toMatchObject({ code: 1, stderr: message });
  });
});
