import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as LicenseIndexModule from '../../../src/pipes/licenses/license-index';
import type * as DetectModule from '../../../src/pipes/licenses/detect-licenses';

/** A fresh copy of the engine modules: the index is memoized per module registry, as per worker thread. */
function freshEngine(): { index: typeof LicenseIndexModule; detect: typeof DetectModule } {
  let out: { index: typeof LicenseIndexModule; detect: typeof DetectModule } | undefined;
  jest.isolateModules(() => {
    out = {
      index: jest.requireActual<typeof LicenseIndexModule>('../../../src/pipes/licenses/license-index'),
      detect: jest.requireActual<typeof DetectModule>('../../../src/pipes/licenses/detect-licenses'),
    };
  });
  return out as { index: typeof LicenseIndexModule; detect: typeof DetectModule };
}

const texts = [
  readFileSync('/usr/share/common-licenses/Apache-2.0', 'utf8'),
  readFileSync('/usr/include/linux/can.h', 'utf8'),
  readFileSync(join(__dirname, '../../fixtures/licenses/npm/caniuse-lite-1.0.30001827.LICENSE'), 'utf8'),
];

describe('license index cache on disk', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scanloom-index-cache-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is written once, named by the rule data version, and read back to the same detections', () => {
    const first = freshEngine();
    const built = first.index.loadLicenseIndex(dir);
    const [file] = readdirSync(dir);
    expect(readdirSync(dir)).toEqual([`license-index-${first.index.indexVersion()}.bin`]);
    const written = statSync(join(dir, file ?? '')).mtimeMs;

    const second = freshEngine();
    const read = second.index.loadLicenseIndex(dir);
    expect(statSync(join(dir, file ?? '')).mtimeMs).toBe(written);
    expect(read.rules.map((r) => r.identifier)).toEqual(built.rules.map((r) => r.identifier));
    for (const text of texts) {
      expect(second.detect.detectLicenses(text, read)).toEqual(first.detect.detectLicenses(text, built));
    }
  });

  it('rebuilds a damaged cache file instead of failing', () => {
    const engine = freshEngine();
    const file = join(dir, `license-index-${engine.index.indexVersion()}.bin`);
    writeFileSync(file, Buffer.from('not an index'));
    const index = engine.index.loadLicenseIndex(dir);
    expect(engine.detect.detectLicenses(texts[0] ?? '', index).detected_license_expression).toBe(
      'apache-2.0',
    );
    expect(statSync(file).size).toBeGreaterThan(1_000_000);
  });
});
