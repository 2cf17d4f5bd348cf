import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createScanPool } from '../../../src/pipes/licenses/scan-pool';
import { scanFile } from '../../../src/pipes/licenses/scan-file';
import { TEST_INDEX_CACHE } from './support/index-cache';

const root = resolve(__dirname, '../../..');

/** Worker threads do not get jest's transform: this entry compiles the TypeScript worker with swc. */
function writeWorkerEntry(dir: string): string {
  const file = join(dir, 'scan-worker-entry.js');
  writeFileSync(
    file,
    `const fs = require('node:fs');
const swc = require(${JSON.stringify(join(root, 'node_modules/@swc/core'))});
const options = JSON.parse(fs.readFileSync(${JSON.stringify(join(root, '.swcrc'))}, 'utf8'));
delete options.$schema;
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename, sourceMaps: false });
  module._compile(code, filename);
};
module.exports = require(${JSON.stringify(join(root, 'src/pipes/licenses/scan-worker.ts'))});
`,
  );
  return file;
}

describe('scanning pool (worker threads, index cache, per-file timeout)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scanloom-licenses-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const files = ['/usr/include/linux/can.h', '/usr/share/common-licenses/Apache-2.0', '/usr/share/common-licenses/BSD'];

  it('gives the same results in worker threads, reading the index from the disk cache', async () => {
    const cacheDir = join(dir, 'cache');
    const pool = createScanPool({ threads: 2, indexCacheDir: cacheDir, workerFile: writeWorkerEntry(dir) });
    try {
      expect(readdirSync(cacheDir).filter((f) => f.startsWith('license-index-'))).toHaveLength(1);
      const results = await Promise.all(files.map((f) => pool.scan(f, f)));
      for (const result of results) {
        expect('scan' in result).toBe(true);
        if ('scan' in result) {
          expect(result.scan).toEqual(await scanFile(result.path, { fromFile: result.path, indexCacheDir: TEST_INDEX_CACHE }));
        }
      }
      const can = results[0];
      expect(can && 'scan' in can && can.scan.detected_license_expression).toContain('linux-syscall-exception-gpl');
      const batch = await pool.scanBatch(files.map((path) => ({ path, fromFile: path })));
      expect(batch).toEqual(results);
    } finally {
      await pool.close();
    }
  });

  it('turns a file that exceeds the time limit into a project message and goes on', async () => {
    const pool = createScanPool({ threads: 1, timeoutSeconds: 0.05, workerFile: writeWorkerEntry(dir) });
    try {
      // The first task also builds the index in the fresh worker: far longer than 50 ms.
      const result = await pool.scan('/usr/share/common-licenses/GPL-3');
      expect(result).toEqual({ path: '/usr/share/common-licenses/GPL-3', error: expect.stringMatching(/timeout after 0.05 seconds/) });
      // A batch that times out is retried file by file: each file gets its own message.
      const batch = await pool.scanBatch([{ path: '/usr/share/common-licenses/GPL-2' }, { path: '/usr/share/common-licenses/MPL-2.0' }]);
      expect(batch.map((r) => r.path)).toEqual(['/usr/share/common-licenses/GPL-2', '/usr/share/common-licenses/MPL-2.0']);
      expect(batch.every((r) => 'error' in r && /timeout/.test(r.error))).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
