/**
 * ScanCode's query tokens: lower-cased runs of letters and digits with an optional inner `+`
 * (so `GPL-2.0+` keeps its `0+`), markup and comment punctuation dropped. Scanned by char
 * code rather than by regex: tokenizing is most of the time spent on a source tree.
 */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const wideWordChars = new Map<number, boolean>();

const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_WORD[c] = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? 1 : 0;
}

function isWordChar(code: number): boolean {
  if (code < 128) {
    return ASCII_WORD[code] === 1;
  }
  let known = wideWordChars.get(code);
  if (known === undefined) {
    known = LETTER_OR_DIGIT.test(String.fromCharCode(code));
    wideWordChars.set(code, known);
  }
  return known;
}

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
const COPYRIGHT_LINE = /^[\s\W]*(copyright|\(c\)|©)\s*(\(c\)|©|&copy;|\d{4}|<year>|\[yyyy\]|\[year\])|^[\s\W]*(19[6-9]\d|20\d\d)\b.*©/iu;

/** Returns the lower-cased word tokens of one line. */
export function lineTokens(line: string): string[] {
  return tokenizeText(line, false).tokens;
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

/** Returns the matchable tokens of a text; copyright lines are skipped unless told otherwise. */
export function tokenizeText(text: string, skipCopyrightLines = true): TokenizedText {
  const out: TokenizedText & { lineList: number[] } = { tokens: [], lines: new Int32Array(0), ignored: 0, total: 0, lineList: [] };
  scanTokens(text, text.toLowerCase(), 0, text.length, 1, skipCopyrightLines, out);
  return finish(out);
}

/** Lines around an anchor word that are tokenized; everything else is only counted. */
const WINDOW_LINES = 25;
/**
 * Words present in, or near, every license notice, reference and text. Searched with indexOf,
 * which is many times faster on large files than one regex alternation.
 */
const ANCHORS = ['licen', 'copyright', 'warrant', 'permission', 'redistribut', 'public domain', 'gpl', 'spdx'];

/** Returns the sorted offsets of anchor words in a lower-cased text, stopping after limit hits per word. */
function anchorOffsets(lower: string, limit: number): number[] {
  const out: number[] = [];
  for (const needle of ANCHORS) {
    let count = 0;
    for (let i = lower.indexOf(needle); i >= 0 && count < limit; i = lower.indexOf(needle, i + needle.length)) {
      out.push(i);
      count++;
    }
  }
  return out.sort((x, y) => x - y);
}

/**
 * Returns the tokens of the parts of a text near license words (with exact line numbers),
 * and the token count of the whole text. On a source tree most lines are code far from any
 * license word, and tokenizing them is most of the cost of a scan.
 */
export function tokenizeNearAnchors(text: string): TokenizedText {
  const lower = text.toLowerCase();
  const anchors = anchorOffsets(lower, Math.ceil(lower.length / 2000) + 1);
  // A license text is dense in anchor words (one per ~40 lines or more): tokenize it whole.
  if (anchors.length * 2000 > lower.length) {
    return tokenizeText(text);
  }
  const out: TokenizedText & { lineList: number[] } = { tokens: [], lines: new Int32Array(0), ignored: 0, total: 0, lineList: [] };
  let pos = 0;
  let line = 1;
  for (const anchor of anchors) {
    if (anchor < pos) {
      continue;
    }
    // The window starts WINDOW_LINES lines above the anchor (at a newline, or where the last one ended).
    let start = anchor;
    for (let k = 0; k < WINDOW_LINES; k++) {
      const nl = lower.lastIndexOf('\n', start - 1);
      if (nl < pos) {
        start = pos;
        break;
      }
      start = nl;
    }
    line += countNewlines(lower, pos, start);
    out.total += countTokens(lower, pos, start);
    let end = anchor;
    for (let k = 0; k < WINDOW_LINES + 1 && end < lower.length; k++) {
      const nl = lower.indexOf('\n', end + 1);
      end = nl < 0 ? lower.length : nl;
    }
    line = scanTokens(text, lower, start, end, line, true, out);
    pos = end;
  }
  out.total += countTokens(lower, pos, lower.length);
  return finish(out);
}

function finish(out: TokenizedText & { lineList: number[] }): TokenizedText {
  return { tokens: out.tokens, lines: Int32Array.from(out.lineList), ignored: out.ignored, total: out.total + out.tokens.length + out.ignored };
}

function countNewlines(lower: string, from: number, to: number): number {
  let n = 0;
  for (let i = lower.indexOf('\n', from); i >= 0 && i < to; i = lower.indexOf('\n', i + 1)) {
    n++;
  }
  return n;
}

function countTokens(lower: string, from: number, to: number): number {
  let n = 0;
  let inWord = 0;
  for (let i = from; i < to; i++) {
    const code = lower.charCodeAt(i);
    const w = code < 128 ? (ASCII_WORD[code] as number) : isWordChar(code) ? 1 : 0;
    n += w & (inWord ^ 1);
    inWord = w;
  }
  return n;
}

/** Tokenizes lower[from, to) starting at the given line; returns the line reached. */
function scanTokens(
  text: string,
  lower: string,
  from: number,
  to: number,
  firstLine: number,
  skipCopyrightLines: boolean,
  out: TokenizedText & { lineList: number[] },
): number {
  const { tokens, lineList } = out;
  let line = firstLine;
  let lineStart = from;
  let firstOnLine = true;
  let skipLine = false;
  let i = from;
  while (i < to) {
    const code = lower.charCodeAt(i);
    if (code === 10) {
      line++;
      lineStart = i + 1;
      firstOnLine = true;
      skipLine = false;
      i++;
      continue;
    }
    if (!isWordChar(code)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < to && isWordChar(lower.charCodeAt(i))) {
      i++;
    }
    if (i < to && lower.charCodeAt(i) === 43) {
      i++;
      while (i < to && isWordChar(lower.charCodeAt(i))) {
        i++;
      }
    }
    const t = lower.slice(start, i);
    if (firstOnLine) {
      firstOnLine = false;
      // Only lines starting with "copyright", "(c)" or a year can be statements: test those alone.
      if (skipCopyrightLines && (t === 'copyright' || t === 'c' || (t.length === 4 && t >= '1960' && t <= '2099'))) {
        const end = lower.indexOf('\n', lineStart);
        skipLine = COPYRIGHT_LINE.test(text.slice(lineStart, end < 0 ? undefined : end));
      }
    }
    if (skipLine) {
      out.ignored++;
      continue;
    }
    if (t.length <= 6 && STOPWORDS.has(t)) {
      continue;
    }
    tokens.push(t);
    lineList.push(line);
  }
  return line;
}
