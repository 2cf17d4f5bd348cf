import { ensureCliBuilt } from './cli';

/** Run processes and the CLI execute compiled code: build once before the specs when sources changed. */
export default function buildGlobalSetup(): void {
  ensureCliBuilt();
}
