import * as net from 'node:net';

export const REDIS_URL = process.env.SCANLOOM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Check that Redis answers PING. In CI its absence fails the run; on a developer's
 * machine the Redis specs are skipped with a visible note.
 */
export async function checkRedis(): Promise<void> {
  const url = new URL(REDIS_URL);
  const ok = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    socket.setTimeout(2000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      resolve(false);
      socket.destroy();
    });
  });
  if (ok) {
    return;
  }
  const reason = `Redis is not reachable at ${REDIS_URL}`;
  if (process.env.CI === 'true') {
    throw new Error(`${reason} (required in CI)`);
  }
  process.env.SCANLOOM_TEST_REDIS_SKIP = reason;
  console.warn(`\n[redis] NOTE: skipping the Redis queue specs. ${reason}\n`);
}
