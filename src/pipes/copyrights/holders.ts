/** Copyright markers: the word, its abbreviation and the symbol forms. */
export const MARKER = /(?<![\w-])(?:copyright(?:ed)?\b|copr\.|\(c\)|©)/i;
export const MARKERS_PREFIX = /^(?:(?:copyright|copyrighted|copr\.|\(c\)|©)[\s:,]*)+/i;
export const YEAR = /(?:19[6-9]\d|20\d\d)/;
/** Years, ranges and lists at the start of a text ("2012-2022", "2015-20", "2014-present", "2001, 2002,"). */
export const YEARS_PREFIX = new RegExp(
  `^(?:${YEAR.source}(?:\\s*[-–,/]\\s*(?:${YEAR.source}|\\d\\d|present))*[\\s,.:;]*)+`,
  'i',
);
export const ALL_RIGHTS = /[\s,;]*all\s+rights\s+reserved\b.*$/i;
const ABBREVIATION = /\b(?:Inc|Ltd|Co|Corp|S\.A|L\.L\.C|B\.V|N\.V|A\.G|Pty|Jr|Sr)\.$/;

/** The end of a sentence: a period then a capitalised word, not after an initial or an abbreviation. */
const SENTENCE_END = /(?<!\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St|[A-Z]))\.\s+(?=[A-Z][a-z]+\b)/;
/** Where license prose starts after a statement ("..., and are distributed under ..."). */
const PROSE_AFTER =
  /,?\s+(?:(?:and\s+)?(?:are|is|was|were|which|who|shall|may)(?:\s+[a-z(]|\s*$)|made\s+with\b|\(or\s|(?:licensed\s+|released\s+)?under\s+(?:the\s+)?(?:[A-Z]|terms|licen)|with\s+(?:portions|parts)\b)|;\s/;

/** An email in parentheses or angle brackets, or a bare one. */
const EMAIL_GROUP =
  /\s*[(<]\s*(?:mailto:)?[^\s()<>]+@[^\s()<>]+\s*[)>]|\s*[(<]\s*[^\s()<>]+@[^\s()<>]+,[^()<>]*[)>]|\S+@\S+\.\w+/g;
/** A URL or bare domain in parentheses or angle brackets: "(https://x.com)", "(lukeed.com)", "<www.openjsf.org>". */
const URL_GROUP =
  /\s*[(<]\s*(?:(?:https?:\/\/|www\.)[^()<>\s]*|(?:[\w-]+\.)+[a-z]{2,}(?:\/[^()<>\s]*)?)\s*[)>]/gi;
const BARE_URL = /(?:https?:\/\/|www\.)\S+/gi;
/** A year or year range after a comma inside a holder list ("Elan Shanker, 2021 Blaine Bublitz"). */
const INNER_YEARS = new RegExp(
  `(,\\s*)${YEAR.source}(?:\\s*[-–]\\s*(?:${YEAR.source}|present))?\\s+(?=\\S)`,
  'gi',
);

/** Returns a statement cut where license prose starts, without "All rights reserved" and trailing punctuation. */
export function trimStatement(text: string): string {
  let out = text
    .replace(ALL_RIGHTS, '')
    .replace(/\s+/g, ' ')
    .replace(/((?:19|20)\d\d):\s/g, '$1 ')
    .trim();
  const prose = PROSE_AFTER.exec(out);
  if (prose) {
    out = out.slice(0, prose.index);
  }
  const end = SENTENCE_END.exec(out);
  if (end) {
    out = out.slice(0, end.index);
  }
  out = balanceParens(out.replace(/[\s,;:]+$/, ''));
  // A closing quote of the string literal the statement sits in.
  if (/["'`]$/.test(out) && (out.match(/["'`]/g) ?? []).length % 2 === 1) {
    out = out.slice(0, -1).replace(/[\s,;:]+$/, '');
  }
  if (out.endsWith('.') && !ABBREVIATION.test(out)) {
    out = out.replace(/\.+$/, '');
  }
  return out.replace(/\(C\)/g, '(c)');
}

/** Drops an unclosed trailing parenthesis or bracket group, and a stray closing one. */
function balanceParens(text: string): string {
  let out = text;
  for (const [open, close] of [
    ['(', ')'],
    ['<', '>'],
  ] as const) {
    const opens = out.split(open).length - 1;
    const closes = out.split(close).length - 1;
    if (opens > closes) {
      const at = out.lastIndexOf(open);
      if (!out.slice(at).includes(close)) {
        out = out.slice(0, at);
      }
    } else if (closes > opens && out.endsWith(close)) {
      out = out.slice(0, -1);
    }
  }
  return out.replace(/[\s,;:]+$/, '');
}

/** Returns the holder of a statement: the statement without markers, years, emails and URLs. */
export function holderOf(statement: string): string {
  let rest = statement;
  for (let i = 0; i < 3; i++) {
    rest = rest
      .replace(MARKERS_PREFIX, '')
      .replace(YEARS_PREFIX, '')
      .replace(/^by\s+/i, '')
      .trim();
  }
  rest = rest
    .replace(EMAIL_GROUP, ' ')
    .replace(URL_GROUP, ' ')
    .replace(BARE_URL, ' ')
    .replace(/[[\]]/g, '')
    .replace(/[(<]\s*[)>]/g, ' ')
    .replace(INNER_YEARS, '$1')
    .replace(/\s*<[^<>]*>/g, ' ')
    .replace(
      new RegExp(`(?:,?\\s*(?:\\(c\\)|©)?\\s*${YEAR.source}(?:\\s*-\\s*${YEAR.source})?)+\\s*$`, 'i'),
      '',
    )
    .replace(ALL_RIGHTS, '')
    .replace(/\s+([,;]|\.(?=\s|$))/g, '$1')
    .replace(/,(?:\s*,)+/g, ',')
    .replace(/[<(\s,;:]+$/, '');
  const holder = trimStatement(rest);
  // Punctuation left of a code line ("© 2024 & '") is no holder.
  return /[\p{L}\p{N}]/u.test(holder) ? holder : '';
}
