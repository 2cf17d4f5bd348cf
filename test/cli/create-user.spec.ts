import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { ensureCliBuilt, runCli } from '../support/cli';
import { createTestDatabase, describeWithDb, makeTempDir, type TestDatabase } from '../support/db';

describeWithDb('scanloom create-user', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureCliBuilt();
    const workspace = makeTempDir();
    database = await createTestDatabase(workspace);
    env = {
      SCANLOOM_WORKSPACE: workspace,
      DATABASE_URL: database.config.type === 'postgres' ? database.config.url : `sqlite:${database.config.path}`,
    };
  });
  afterAll(async () => {
    await database.drop();
  });

  it('prints a new API key once, and that key opens the API', async () => {
    const result = await runCli(['create-user', 'ci-bot'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const key = /API key: ([0-9a-f]{64})\n/.exec(result.stdout)?.[1];
    expect(key).toBeDefined();

    const config = loadConfig({ ...env, SCANLOOM_REQUIRE_AUTHENTICATION: 'true', SCANLOOM_LOG_LEVEL: 'warn' });
    const app = await createApp(config);
    try {
      await request(app.getHttpServer()).get('/api/projects/').expect(401);
      await request(app.getHttpServer()).get('/api/projects/').set('Authorization', `Token ${key}`).expect(200);
    } finally {
      await app.close();
    }
  });

  it('refuses a taken username with one line and exit code 1', async () => {
    const result = await runCli(['create-user', 'ci-bot'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('CommandError: That username is already taken.\n');
    expect(result.stdout).toBe('');
  });

  it('explains itself with --help', async () => {
    const result = await runCli(['create-user', '--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Create a user with an API key');
  });

  it('fails with the configuration problem, naming the variable', async () => {
    const result = await runCli(['create-user', 'x'], { ...env, SCANLOOM_PAGE_SIZE: 'lots' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ConfigError: Invalid configuration: SCANLOOM_PAGE_SIZE must be a whole number, got "lots".\n');
  });
});
