import { ensureCliBuilt } from './cli';
import { checkRedis } from './services';

/** Run processes and the CLI execute compiled code: build once before the specs when sources changed. */
export default async function buildGlobalSetup(): Promise<void> {
  ensureCliBuilt();
  await checkRedis();
}
