import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRetryable, sendWebhook, signBody } from '../../src/webhooks/deliver-webhook.task';
import { isSlackTarget, slackPayload } from '../../src/webhooks/webhook-payload';
import { targetProblem } from '../../src/webhooks/webhook-request';

describe('Slack targets', () => {
  it('are recognised by their host only', () => {
    expect(isSlackTarget('https://hooks.slack.com/services/T0/B0/xyz')).toBe(true);
    expect(isSlackTarget('https://example.com/hooks.slack.com')).toBe(false);
  });

  it("get ScanCode.io's message: linked project, pipeline outcome, and the task output of a failure cut to Slack's limit", () => {
    const project = { name: 'lodash', uuid: '5b3c' };
    expect(slackPayload(project, { pipeline_name: 'scan_codebase', status: 'success', task_output: '' }, 'https://scan.example')).toEqual({
      username: 'Scanloom',
      text: 'Project *<https://scan.example/api/projects/5b3c/|lodash>* update:',
      attachments: [{ color: '#48c78e', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Pipeline `scan_codebase` completed with success.' } }] }],
    });
    const failed = slackPayload(project, { pipeline_name: 'scan_codebase', status: 'failure', task_output: 'x'.repeat(5000) }, '');
    expect(failed.text).toBe('Project *lodash* update:');
    const [attachment] = failed.attachments as { color: string; blocks: { text: { text: string } }[] }[];
    expect(attachment!.color).toBe('#f14668');
    expect(attachment!.blocks[1]!.text.text).toMatch(/^```x+\n\.\.\. \(truncated\)```$/);
    expect(attachment!.blocks[1]!.text.text.length).toBeLessThanOrEqual(3006);
  });
});

describe('webhook delivery', () => {
  it('signs the exact body with HMAC-SHA256', () => {
    // RFC 4231, test case 2.
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(signBody('key', '{"a":1}')).not.toBe(signBody('key', '{"a": 1}'));
  });

  it('retries network errors, 5xx and 429 only', () => {
    expect(isRetryable({ error: 'ECONNRESET', retryable: true })).toBe(true);
    expect(isRetryable({ error: 'refused', retryable: false })).toBe(false);
    for (const [status, retry] of [[200, false], [204, false], [301, false], [400, false], [404, false], [429, true], [500, true], [503, true]] as const) {
      expect(isRetryable({ statusCode: status, responseText: '', retryAfterSeconds: null })).toBe(retry);
    }
  });

  it('refuses private targets unless allowed, at send time too', async () => {
    const server = http.createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const options = { timeoutSeconds: 5, secret: null, deliveryUuid: 'd1', userAgent: 'test' };
    try {
      const refused = await sendWebhook(url, '{}', { ...options, allowPrivate: false });
      expect(refused).toEqual({ error: expect.stringMatching(/127\.0\.0\.1 is a loopback address/), retryable: false });
      expect(await sendWebhook(url, '{}', { ...options, allowPrivate: true })).toEqual({ statusCode: 204, responseText: '', retryAfterSeconds: null });
    } finally {
      server.close();
    }
  });

  it('gives up on a target that does not answer in time', async () => {
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
    try {
      const outcome = await sendWebhook(url, '{}', { timeoutSeconds: 1, secret: null, deliveryUuid: 'd2', userAgent: 'test', allowPrivate: true });
      expect(outcome).toEqual({ error: 'No complete answer within 1 seconds.', retryable: true });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('checks targets when they are subscribed', () => {
    expect(targetProblem('https://ci.example/hook', false)).toBeNull();
    expect(targetProblem('http://192.168.1.10/hook', true)).toBeNull();
    expect(targetProblem('http://192.168.1.10/hook', false)).toMatch(/private address/);
    expect(targetProblem('hook', false)).toBe('Enter a valid URL.');
  });
});
