import { LicenseDetectionCollector } from '../../../src/pipes/licenses/collect';
import { scanText } from '../../../src/pipes/licenses';

const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
`;

describe('collecting unique license detections', () => {
  it('keeps one detection per identifier, counting every file region where it was seen', () => {
    const scan = scanText(MIT);
    expect(scan.license_detections).toHaveLength(1);
    const shifted = scanText(`// header\n\n${MIT}`);
    const collector = new LicenseDetectionCollector();
    collector.addResource('a/LICENSE', scan.license_detections, []);
    collector.addResource('b/LICENSE', scan.license_detections, []);
    collector.addResource('c/index.js', shifted.license_detections, []);
    const [mit, ...others] = collector.results();
    expect(others).toHaveLength(0);
    expect(mit).toMatchObject({ license_expression: 'mit', license_expression_spdx: 'MIT', detection_count: 3, from_package: false, needs_review: false });
    const end = scan.license_detections[0]!.matches.at(-1)!.end_line;
    expect(mit!.file_regions).toEqual([
      { path: 'a/LICENSE', start_line: 1, end_line: end },
      { path: 'b/LICENSE', start_line: 1, end_line: end },
      { path: 'c/index.js', start_line: 3, end_line: end + 2 },
    ]);
  });

  it('turns clues into one-match detections flagged for review, and marks package detections', () => {
    const collector = new LicenseDetectionCollector();
    collector.addResource('README', [], [
      { license_expression: 'gpl-2.0', license_expression_spdx: 'GPL-2.0-only', start_line: 4, end_line: 4, rule_identifier: 'gpl_bare_word_only.RULE', score: 50, match_coverage: 100 },
    ]);
    collector.addPackage('package.json', [
      {
        license_expression: 'isc',
        license_expression_spdx: 'ISC',
        identifier: 'isc-d1b3d4a5-0000-0000-0000-000000000000',
        matches: [{ license_expression: 'isc', start_line: 1, end_line: 1, from_file: 'codebase/package.json', match_coverage: 100 }],
      },
    ]);
    const [clue, pkg] = collector.results();
    expect(clue).toMatchObject({ license_expression: 'gpl-2.0', is_license_clue: true, needs_review: true, detection_log: ['license-clues'] });
    expect(clue!.identifier).toMatch(/^gpl_2_0-[0-9a-f]{8}-/);
    expect(pkg).toMatchObject({ from_package: true, file_regions: [{ path: 'package.json', start_line: 1, end_line: 1 }] });
  });

  it('flags imperfect matches for review', () => {
    const partial = scanText(MIT.split('\n').slice(0, 9).join('\n'));
    const collector = new LicenseDetectionCollector();
    collector.addResource('x', partial.license_detections, partial.license_clues);
    const imperfect = collector.results().find((d) => d.matches.some((m) => m.match_coverage < 100));
    expect(imperfect?.needs_review).toBe(true);
    expect(imperfect?.review_comments.join(' ')).toMatch(/imperfect coverage/);
  });
});
