import { configToEnv, loadConfig } from '../../src/config/config';

describe('webhook settings', () => {
  const cwd = '/srv/scanloom';

  it('defaults to a 10 s timeout, five retries with backoff, no global webhook', () => {
    const config = loadConfig({}, cwd);
    expect(config.webhookRetryDelays).toEqual([10, 60, 300, 1800, 7200]);
    expect(config.webhookTimeoutSeconds).toBe(10);
    expect(config.globalWebhook).toBeNull();
    expect(config.siteUrl).toBe('');
  });

  it('reads retry delays in seconds, fractions allowed, or none', () => {
    expect(loadConfig({ SCANLOOM_WEBHOOK_RETRY_DELAYS: '0.2, 1,5' }, cwd).webhookRetryDelays).toEqual([0.2, 1, 5]);
    expect(loadConfig({ SCANLOOM_WEBHOOK_RETRY_DELAYS: 'none' }, cwd).webhookRetryDelays).toEqual([]);
  });

  it("reads ScanCode.io's global webhook format", () => {
    const config = loadConfig({ SCANLOOM_GLOBAL_WEBHOOK: 'target_url=https://ci.example/hook,trigger_on_each_run=False,include_summary=True,include_results=False' }, cwd);
    expect(config.globalWebhook).toEqual({
      target_url: 'https://ci.example/hook',
      trigger_on_each_run: false,
      include_summary: true,
      include_results: false,
      is_active: true,
      secret: null,
    });
    expect(loadConfig(configToEnv(config), cwd).globalWebhook).toEqual(config.globalWebhook);
  });

  it.each([
    [{ SCANLOOM_WEBHOOK_RETRY_DELAYS: '10,soon' }, /SCANLOOM_WEBHOOK_RETRY_DELAYS must be comma-separated seconds/],
    [{ SCANLOOM_WEBHOOK_TIMEOUT_SECONDS: '0' }, /SCANLOOM_WEBHOOK_TIMEOUT_SECONDS must be between 1 and 600/],
    [{ SCANLOOM_GLOBAL_WEBHOOK: 'https://ci.example/hook' }, /SCANLOOM_GLOBAL_WEBHOOK must be key=value pairs/],
    [{ SCANLOOM_GLOBAL_WEBHOOK: 'target_url=ftp://x' }, /SCANLOOM_GLOBAL_WEBHOOK needs a target_url that is an http\(s\) URL/],
    [{ SCANLOOM_GLOBAL_WEBHOOK: 'target_url=https://x.example,colour=red' }, /SCANLOOM_GLOBAL_WEBHOOK has unknown key colour/],
    [{ SCANLOOM_GLOBAL_WEBHOOK: 'target_url=https://x.example,include_summary=perhaps' }, /SCANLOOM_GLOBAL_WEBHOOK include_summary must be true or false/],
    [{ SCANLOOM_SITE_URL: 'scanloom.example' }, /SCANLOOM_SITE_URL must be an http\(s\) URL/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env, cwd)).toThrow(message);
  });
});
