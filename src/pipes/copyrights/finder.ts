import ipaddr from 'ipaddr.js';
import { LineCursor } from './line-cursor';

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

const EMAIL = /^[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,12}$/i;
const URL_PATTERN = /\b(?:(?:https?|ftps?|sftp|rsync|svn|git):\/\/[^\s<>"'`{}|\\^]+|www\d?\.[a-z0-9-]+\.[^\s<>"'`{}|\\^]+)/gi;
const JUNK_DOMAINS = /(?:^|\.)(?:example\.(?:com|org|net)|test|localhost|invalid|local|domain\.com|email\.com|yourdomain\.com|company\.com|foo\.com|bar\.com)$/i;
const FILE_TLDS = /\.(?:png|jpe?g|gif|svg|webp|js|ts|css|html?|json|md|txt|xml|py|c|h|rb|go|rs|java)$/i;

const EMAIL_LOCAL = /[A-Za-z0-9._%+-]/;
const EMAIL_DOMAIN = /[A-Za-z0-9.-]/;

/** Returns the email around an "@" at offset, or undefined (found from each "@": faster than a regex scan). */
function emailAt(text: string, at: number): { email: string; start: number } | undefined {
  let start = at;
  while (start > 0 && EMAIL_LOCAL.test(text[start - 1] ?? '')) {
    start--;
  }
  let end = at + 1;
  while (end < text.length && EMAIL_DOMAIN.test(text[end] ?? '')) {
    end++;
  }
  const candidate = text.slice(start, end).replace(/^[._%+-]+/, '').replace(/[.-]+$/, '');
  return EMAIL.test(candidate) ? { email: candidate.toLowerCase(), start } : undefined;
}

/** Returns the unique emails of a text in order of appearance (first 50). */
export function findEmails(text: string): EmailEntry[] {
  const out: EmailEntry[] = [];
  const seen = new Set<string>();
  const cursor = new LineCursor(text);
  for (let at = text.indexOf('@'); at >= 0 && out.length < MAX_FINDINGS; at = text.indexOf('@', at + 1)) {
    const found = emailAt(text, at);
    if (!found) {
      continue;
    }
    const { email } = found;
    const domain = email.slice(email.indexOf('@') + 1);
    if (JUNK_DOMAINS.test(domain) || FILE_TLDS.test(domain) || seen.has(email)) {
      continue;
    }
    seen.add(email);
    const line = cursor.seek(found.start);
    out.push({ email, start_line: line, end_line: line });
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
  if (!text.includes('://') && !/www\d?\./i.test(text)) {
    return out;
  }
  const seen = new Set<string>();
  const cursor = new LineCursor(text);
  const pattern = new RegExp(URL_PATTERN.source, 'gi');
  for (let m = pattern.exec(text); m !== null && out.length < MAX_FINDINGS; m = pattern.exec(text)) {
    const url = cleanUrl(m[0]);
    if (!url || seen.has(url)) {
      continue;
    }
    seen.add(url);
    const line = cursor.seek(m.index);
    out.push({ url, start_line: line, end_line: line });
  }
  return out;
}
