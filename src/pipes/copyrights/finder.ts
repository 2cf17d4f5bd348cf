import ipaddr from 'ipaddr.js';

/** An email with its line, ScanCode.io's `emails[]` shape. */
export interface EmailEntry {
  email: string;
  start_line: number;
  end_line: number;
}
/** A URL with its line, ScanCode.io's `urls[]` shape. */
export interface UrlEntry {
  url: string;
  start_line: number;
  end_line: number;
}

/** ScanCode.io keeps the first 50 emails and the first 50 urls of a file. */
export const MAX_FINDINGS = 50;

const EMAIL = /\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,12}\b/gi;
const URL_PATTERN = /\b(?:(?:https?|ftps?|sftp|rsync|svn|git):\/\/[^\s<>"'`{}|\\^]+|www\d?\.[a-z0-9-]+\.[^\s<>"'`{}|\\^]+)/gi;
const JUNK_DOMAINS = /(?:^|\.)(?:example\.(?:com|org|net)|test|localhost|invalid|local|domain\.com|email\.com|yourdomain\.com|company\.com|foo\.com|bar\.com)$/i;
const FILE_TLDS = /\.(?:png|jpe?g|gif|svg|webp|js|ts|css|html?|json|md|txt|xml|py|c|h|rb|go|rs|java)$/i;

/** Returns the unique emails of a text in order of appearance (first 50). */
export function findEmails(text: string): EmailEntry[] {
  const out: EmailEntry[] = [];
  if (!text.includes('@')) {
    return out;
  }
  const seen = new Set<string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && out.length < MAX_FINDINGS; i++) {
    const line = lines[i] ?? '';
    if (!line.includes('@')) {
      continue;
    }
    for (const m of line.matchAll(EMAIL)) {
      const email = m[0].toLowerCase();
      const domain = email.slice(email.indexOf('@') + 1);
      if (JUNK_DOMAINS.test(domain) || FILE_TLDS.test(domain) || seen.has(email)) {
        continue;
      }
      seen.add(email);
      out.push({ email, start_line: i + 1, end_line: i + 1 });
      if (out.length >= MAX_FINDINGS) {
        break;
      }
    }
  }
  return out;
}

function isJunkHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(bare)) {
    const range = ipaddr.parse(bare).range();
    return range !== 'unicast';
  }
  return JUNK_DOMAINS.test(bare) || !bare.includes('.');
}

/** Returns a URL cleaned as ScanCode does (scheme added, credentials dropped, bare host ends in "/"), or undefined for junk. */
export function cleanUrl(raw: string): string | undefined {
  let text = raw.replace(/(?:\*\/|-->|\\n|\\r|\\t).*$/, '');
  // Trailing punctuation belongs to the sentence; a closing paren only when unbalanced.
  for (;;) {
    const before = text;
    text = text.replace(/[.,;:!?'"*>\]]+$/, '');
    if (text.endsWith(')') && (text.match(/\(/g) ?? []).length < (text.match(/\)/g) ?? []).length) {
      text = text.slice(0, -1);
    }
    if (text === before) {
      break;
    }
  }
  if (!/^[a-z+]+:\/\//i.test(text)) {
    text = `http://${text}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (!url.hostname || isJunkHost(url.hostname)) {
    return undefined;
  }
  url.username = '';
  url.password = '';
  return url.toString();
}

/** Returns the unique urls of a text in order of appearance (first 50). */
export function findUrls(text: string): UrlEntry[] {
  const out: UrlEntry[] = [];
  if (!/:\/\/|www\d?\./i.test(text)) {
    return out;
  }
  const seen = new Set<string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && out.length < MAX_FINDINGS; i++) {
    const line = lines[i] ?? '';
    if (!line.includes('://') && !/www\d?\./i.test(line)) {
      continue;
    }
    for (const m of line.matchAll(URL_PATTERN)) {
      const url = cleanUrl(m[0]);
      if (!url || seen.has(url)) {
        continue;
      }
      seen.add(url);
      out.push({ url, start_line: i + 1, end_line: i + 1 });
      if (out.length >= MAX_FINDINGS) {
        break;
      }
    }
  }
  return out;
}
