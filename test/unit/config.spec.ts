import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';

describe('loadConfig', () => {
  const cwd = '/srv/scanloom';

  it('gives the embedded defaults: loopback, port 8001, sqlite inside ./var, open API', () => {
    const config = loadConfig({}, cwd);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8001);
    expect(config.workspace).toBe(path.join(cwd, 'var'));
    expect(config.database).toEqual({ type: 'sqlite', driver: 'better-sqlite3', path: path.join(cwd, 'var', 'scanloom.sqlite3') });
    expect(config.requireAuthentication).toBe(false);
    expect(config.pageSize).toBe(50);
    expect(config.maxPageSize).toBe(100);
    expect(config.redisUrl).toBeNull();
  });

  it('selects PostgreSQL from a postgres:// DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://scan:pw@db:5432/scanloom' }, cwd);
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://scan:pw@db:5432/scanloom' });
  });

  it('requires authentication by default when listening beyond loopback, unless explicitly false', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }, cwd).requireAuthentication).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', SCANLOOM_REQUIRE_AUTHENTICATION: 'false' }, cwd).requireAuthentication).toBe(false);
    expect(loadConfig({ HOST: 'localhost' }, cwd).requireAuthentication).toBe(false);
    expect(loadConfig({ SCANLOOM_REQUIRE_AUTHENTICATION: 'true' }, cwd).requireAuthentication).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ SCANLOOM_PAGE_SIZE: '0' }, /SCANLOOM_PAGE_SIZE must be between/],
    [{ SCANLOOM_PAGE_SIZE: '200' }, /SCANLOOM_MAX_PAGE_SIZE \(100\) must be at least SCANLOOM_PAGE_SIZE \(200\)/],
    [{ SCANLOOM_REQUIRE_AUTHENTICATION: 'maybe' }, /SCANLOOM_REQUIRE_AUTHENTICATION must be true or false/],
    [{ DATABASE_URL: 'mysql://root:secret@db/x' }, /DATABASE_URL must start with postgres:\/\/ or sqlite:/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must start with redis:\/\//],
    [{ SCANLOOM_ROLE: 'boss' }, /SCANLOOM_ROLE must be one of api, worker, all/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env, cwd)).toThrow(ConfigError);
    expect(() => loadConfig(env, cwd)).toThrow(message);
  });

  it('refuses private URLs and bounds downloads by default, and names a bad download setting', () => {
    const config = loadConfig({}, cwd);
    expect(config.allowPrivateUrls).toBe(false);
    expect(config.downloadTimeoutSeconds).toBe(30);
    expect(config.maxDownloadSize).toBe(10 * 1024 ** 3);
    expect(loadConfig({ SCANLOOM_ALLOW_PRIVATE_URLS: 'true' }, cwd).allowPrivateUrls).toBe(true);
    expect(() => loadConfig({ SCANLOOM_ALLOW_PRIVATE_URLS: 'sometimes' }, cwd)).toThrow('SCANLOOM_ALLOW_PRIVATE_URLS must be true or false');
    expect(() => loadConfig({ SCANLOOM_DOWNLOAD_TIMEOUT_SECONDS: '0' }, cwd)).toThrow('SCANLOOM_DOWNLOAD_TIMEOUT_SECONDS must be between 1');
  });

  it('never repeats a password from a bad URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:secret@db/x' }, cwd)).toThrow(/root:\*\*\*@/);
  });
});
