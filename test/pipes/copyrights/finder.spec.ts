import { readFileSync } from 'node:fs';
import { cleanUrl, findEmails, findUrls, MAX_FINDINGS } from '../../../src/pipes/copyrights/finder';

describe('emails and urls', () => {
  it('finds the emails of a real header with their lines, once each', () => {
    const text = readFileSync('/usr/include/linux/can.h', 'utf8');
    const emails = findEmails(text);
    const line = text.split('\n').findIndex((l) => l.includes('oliver.hartkopp@volkswagen.de')) + 1;
    expect(emails[0]).toEqual({ email: 'oliver.hartkopp@volkswagen.de', start_line: line, end_line: line });
    expect(new Set(emails.map((e) => e.email)).size).toBe(emails.length);
  });

  it('finds the urls of a real license text, cleaned as ScanCode does', () => {
    const urls = findUrls(readFileSync('/usr/share/common-licenses/Apache-2.0', 'utf8')).map((u) => u.url);
    expect(urls).toEqual(['http://www.apache.org/licenses/', 'http://www.apache.org/licenses/LICENSE-2.0']);
  });

  it('drops junk hosts and file names that look like emails', () => {
    const text = 'see http://localhost:8080/x and http://192.168.1.1/ and https://example.com/a\nicon@2x.png me@example.com';
    expect(findUrls(text)).toEqual([]);
    expect(findEmails(text)).toEqual([]);
  });

  it('adds a scheme, drops credentials and trailing punctuation', () => {
    expect(cleanUrl('www.gnu.org/licenses/).')).toBe('http://www.gnu.org/licenses/');
    expect(cleanUrl('https://user:secret@github.com/org/repo.git')).toBe('https://github.com/org/repo.git');
    expect(cleanUrl('http://plumgrid.com')).toBe('http://plumgrid.com/');
  });

  it('keeps the first 50 of each', () => {
    const text = Array.from({ length: 80 }, (_, i) => `dev${i}@kernel.org https://kernel.org/p/${i}`).join('\n');
    expect(findEmails(text)).toHaveLength(MAX_FINDINGS);
    expect(findUrls(text)).toHaveLength(MAX_FINDINGS);
  });
});
