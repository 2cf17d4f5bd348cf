/**
 * ScanCode's query tokens: lower-cased runs of letters and digits with an optional inner `+`
 * (so `GPL-2.0+` keeps its `0+`), markup and comment punctuation dropped.
 */
const WORD = /[\p{L}\p{N}]+\+?[\p{L}\p{N}]*/gu;

/** Markup words that carry no license meaning (a subset of ScanCode's stopwords). */
const STOPWORDS = new Set([
  'p', 'br', 'div', 'span', 'li', 'ul', 'ol', 'td', 'tr', 'th', 'tbody', 'nbsp', 'amp', 'lt', 'gt', 'quot',
  'apos', 'rdquo', 'ldquo', 'rsquo', 'lsquo', 'ndash', 'mdash', 'hellip', 'dnl', 'rem',
]);

/**
 * A copyright statement at the start of a line. Its tokens are left out of license matching
 * on both sides (rule texts and files), so `Copyright (c) 2015 Jane` inside an MIT text does
 * not stop an exact match.
 */
const COPYRIGHT_LINE = /^[\s\W]*(copyright|\(c\)|©)\s*(\(c\)|©|&copy;|\d{4}|<year>|\[yyyy\]|\[year\])/iu;

/** Returns the lower-cased word tokens of one line. */
export function lineTokens(line: string): string[] {
  const out: string[] = [];
  for (const m of line.toLowerCase().matchAll(WORD)) {
    const t = m[0];
    if (!STOPWORDS.has(t)) {
      out.push(t);
    }
  }
  return out;
}

/** Returns true when the line opens with a copyright statement. */
export function isCopyrightLine(line: string): boolean {
  return COPYRIGHT_LINE.test(line);
}

/** Tokens of a text with the 1-based line of each token. */
export interface TokenizedText {
  tokens: string[];
  lines: Int32Array;
  /** Tokens on copyright lines, counted for percentages but not matched. */
  ignored: number;
  /** Number of tokens before ignoring copyright lines (ScanCode's query length with unknowns). */
  total: number;
}

/** Returns the matchable tokens of a text, skipping copyright lines and `{{`/`}}` markers. */
export function tokenizeText(text: string): TokenizedText {
  const tokens: string[] = [];
  const lines: number[] = [];
  let ignored = 0;
  const rawLines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < rawLines.length; i++) {
    const line = rawLines[i] ?? '';
    const words = lineTokens(line);
    if (words.length === 0) {
      continue;
    }
    if (isCopyrightLine(line)) {
      ignored += words.length;
      continue;
    }
    for (const w of words) {
      tokens.push(w);
      lines.push(i + 1);
    }
  }
  return { tokens, lines: Int32Array.from(lines), ignored, total: tokens.length + ignored };
}
