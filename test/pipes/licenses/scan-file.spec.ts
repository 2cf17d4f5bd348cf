import { readFileSync } from 'node:fs';
import { scanFile as scan, type ScanFileOptions } from '../../../src/pipes/licenses/scan-file';
import { TEST_INDEX_CACHE } from './support/index-cache';

const scanFile = (input: string | Buffer, options: ScanFileOptions = {}) =>
  scan(input, { indexCacheDir: TEST_INDEX_CACHE, ...options });

describe('scanFile: all scan_for_files fields in one call', () => {
  it("returns ScanCode.io's fields for a real Linux UAPI header", async () => {
    const path = '/usr/include/linux/can.h';
    const scan = await scanFile(path, { fromFile: 'linux/can.h' });
    expect(Object.keys(scan).sort()).toEqual(
      [
        'authors',
        'copyrights',
        'detected_license_expression',
        'detected_license_expression_spdx',
        'emails',
        'holders',
        'license_clues',
        'license_detections',
        'percentage_of_license_text',
        'urls',
      ].sort(),
    );
    expect(scan.detected_license_expression_spdx).toContain('GPL-2.0-only WITH Linux-syscall-note');
    expect(scan.license_detections[0]?.matches[0]?.from_file).toBe('linux/can.h');
    expect(scan.license_detections[0]?.identifier).toMatch(/^[a-z0-9_]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(scan.copyrights.length).toBeGreaterThan(0);
    expect(scan.emails.map((e) => e.email)).toContain('oliver.hartkopp@volkswagen.de');
  });

  it('gives the same detection identifier for the same text, and another for other text', async () => {
    const apache = readFileSync('/usr/share/common-licenses/Apache-2.0');
    const a = await scanFile(apache);
    const b = await scanFile(Buffer.from(apache));
    const c = await scanFile(readFileSync('/usr/share/common-licenses/MPL-2.0'));
    expect(a.license_detections[0]?.identifier).toBe(b.license_detections[0]?.identifier);
    expect(a.license_detections[0]?.identifier).toMatch(/^apache_2_0-/);
    expect(c.license_detections[0]?.identifier).not.toBe(a.license_detections[0]?.identifier);
  });

  it('returns empty fields for binary content and honours turned-off scanners', async () => {
    const binary = await scanFile(readFileSync(process.execPath).subarray(0, 65536));
    expect(binary.license_detections).toEqual([]);
    expect(binary.copyrights).toEqual([]);
    const onlyLicenses = await scanFile('/usr/include/linux/can.h', { copyrights: false, emails: false, urls: false });
    expect(onlyLicenses.copyrights).toEqual([]);
    expect(onlyLicenses.emails).toEqual([]);
    expect(onlyLicenses.detected_license_expression).not.toBeNull();
  });
});
