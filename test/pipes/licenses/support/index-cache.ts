import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One on-disk index cache for all spec files: each jest file has its own module registry. */
export const TEST_INDEX_CACHE = join(tmpdir(), 'scanloom-license-index-test');
