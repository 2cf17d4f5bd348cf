import { LineCursor } from './line-cursor';
import { cleanLine } from './text-lines';

/** A copyright statement with its 1-based lines, ScanCode.io's `copyrights[]` shape. */
export interface CopyrightEntry {
  copyright: string;
  start_line: number;
  end_line: number;
}
/** A copyright holder, ScanCode.io's `holders[]` shape. */
export interface HolderEntry {
  holder: string;
  start_line: number;
  end_line: number;
}
/** An author, ScanCode.io's `authors[]` shape. */
export interface AuthorEntry {
  author: string;
  start_line: number;
  end_line: number;
}
/** The copyright fields of a file. */
export interface CopyrightScan {
  copyrights: CopyrightEntry[];
  holders: HolderEntry[];
  authors: AuthorEntry[];
}

const MARKER = /(?<![\w-])(?:copyright(?:ed)?\b|copr\.|\(c\)|©)/i;
const MARKERS_PREFIX = /^(?:(?:copyright|copyrighted|copr\.|\(c\)|©)[\s:,]*)+/i;
const YEAR = /(?:19[6-9]\d|20\d\d)/;
const YEARS_PREFIX = new RegExp(`^(?:${YEAR.source}(?:\\s*[-–,/]\\s*(?:${YEAR.source}|\\d\\d|present))*[\\s,.:;]*)+`, 'i');
const ALL_RIGHTS = /[\s,;]*all\s+rights\s+reserved\b.*$/i;
/** Words after "Copyright" that show prose about copyright, not a statement. */
const PROSE =
  /^(?:notices?|notifications?|below|above|registration|office|page|section|clauses?|terms|conditions|rights|restrictions|holders?|law|laws|owners?|and|statements?|information|file|header|the|of|to|in|is|on|for|or|protection|licen[cs]e|claims?|text|line|strings?|year|date|policy|sign|symbol|infringement|assignment|message|status|act|treaty|interest|disclaimer|permission|@|\{|=|\(|\)|<)/i;
const CODE = /[{}=#]|\)\)|\(\)|;\s*$|\b(?:function|return|var|const|let|def|self|this|if|else|null|None|true|false)\b/;
const ABBREVIATION = /\b(?:Inc|Ltd|Co|Corp|S\.A|L\.L\.C|B\.V|N\.V|A\.G|Pty|Jr|Sr)\.$/;
/** "Author: X", "@author X", "Written by X". */
const AUTHOR = /^(?:@authors?\s+|(?:authors?|maintainers?)\s*:\s*|(?:originally\s+)?(?:written|contributed|created)\s+by\s*:?\s*)(.+)$/i;
/** "Author Jane Doe": a bare form only when a capitalised name follows a capitalised "Author". */
const BARE_AUTHOR = /^Authors?\s+([A-Z][a-z].+)$/;
/** A following line that carries on a holder's name ("Free Software" / "Foundation, Inc."). */
const HOLDER_CONTINUATION =
  /^(?:Foundation|Inc\b|Ltd\b|Corporation|Corp\b|Co\.|GmbH|LLC|Limited|University|Institute|Technologies|Systems|Project|Contributors|and\s+[A-Z])/;
/** An address line after a holder ("51 Franklin Street, Fifth Floor"). */
const ADDRESS = /^\d+\s+\w|\b(?:Street|St\.|Floor|Suite|Avenue|Ave\.|Road|P\.?O\.? Box|USA)\b/;

/** The end of a sentence: a period then a capitalised word, not after an initial or an abbreviation. */
const SENTENCE_END = /(?<!\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St|[A-Z]))\.\s+(?=[A-Z][a-z]+\b)/;

function trimStatement(text: string): string {
  let out = text.replace(ALL_RIGHTS, '').replace(/\s+/g, ' ').trim();
  // A statement ends where license prose starts ("..., and are distributed under ...").
  const prose = /,?\s+(?:(?:and\s+)?(?:are|is|was|were|which|who|shall|may)(?:\s+[a-z(]|\s*$)|made\s+with\b|\(or\s)/.exec(out);
  if (prose) {
    out = out.slice(0, prose.index);
  }
  const end = SENTENCE_END.exec(out);
  if (end) {
    out = out.slice(0, end.index);
  }
  out = out.replace(/[\s,;:]+$/, '');
  if (out.endsWith('.') && !ABBREVIATION.test(out)) {
    out = out.replace(/\.+$/, '');
  }
  return out.replace(/\(C\)/g, '(c)');
}

/** Returns the holder of a statement: the statement without markers, years, emails and URLs. */
export function holderOf(statement: string): string {
  let rest = statement;
  for (let i = 0; i < 3; i++) {
    rest = rest.replace(MARKERS_PREFIX, '').replace(YEARS_PREFIX, '').replace(/^by\s+/i, '').trim();
  }
  rest = rest
    .replace(/<[^<>]*@[^<>]*>|\S+@\S+\.\w+/g, ' ')
    .replace(/(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/[<>()[\]]+\s*$/, ' ')
    .replace(new RegExp(`,?\\s*${YEAR.source}(?:\\s*-\\s*${YEAR.source})?\\s*$`), '')
    .replace(ALL_RIGHTS, '');
  return trimStatement(rest);
}

/** Returns true when text after the copyright markers reads like years or a name. */
function looksLikeStatementTail(tail: string, hadSymbol: boolean): boolean {
  if (!tail) {
    return false;
  }
  if (YEARS_PREFIX.test(tail)) {
    return true;
  }
  if (PROSE.test(tail) || CODE.test(tail) || /^[a-z[<]/.test(tail.replace(/^by\s+/i, ''))) {
    return false;
  }
  // Upper-case warranty prose ("COPYRIGHT, PATENT, TRADEMARK") is not a holder name.
  const words = tail.split(/[\s,]+/).slice(0, 3);
  if (words.length >= 3 && words.every((w) => w.length > 1 && w === w.toUpperCase() && /[A-Z]/.test(w))) {
    return false;
  }
  // A bare "(c)" followed by a name is too weak without a year ("f(c) Foo").
  return hadSymbol ? /^(?:by\s+)?[A-Z]/.test(tail) : /^(?:by\s+)?[A-Z0-9]/.test(tail);
}

function statementAt(line: string): { statement: string; needsMore: boolean } | undefined {
  const m = MARKER.exec(line);
  if (!m) {
    return undefined;
  }
  const fromMarker = line.slice(m.index);
  const markers = MARKERS_PREFIX.exec(fromMarker)?.[0] ?? '';
  const tail = fromMarker.slice(markers.length).trim();
  const hasWord = /copyright|copr\./i.test(markers);
  // Template placeholders ("20[jj] [Name]", "<year> <owner>") are not statements.
  if (/\[[^\]]*\]|<[^<>@]*>/.test(tail)) {
    return undefined;
  }
  // Lower-case "copyright" is prose or code unless a (c) or a year follows.
  if (/^copyright/.test(markers) && !/\(c\)|©/i.test(markers) && !YEARS_PREFIX.test(tail)) {
    return undefined;
  }
  if (!hasWord && !YEARS_PREFIX.test(tail)) {
    return undefined;
  }
  if (tail === '' || /^[,.:]*$/.test(tail)) {
    return hasWord && /\(c\)|©/i.test(markers) ? { statement: fromMarker.trim(), needsMore: true } : undefined;
  }
  if (!looksLikeStatementTail(tail, !hasWord)) {
    return undefined;
  }
  const statement = trimStatement(fromMarker);
  const needsMore = holderOf(statement) === '' || /(?:,|\band|\bby)$/i.test(fromMarker.trim()) || !/[.)>]$/.test(statement);
  return { statement, needsMore };
}

const LINE_GATE = /opyr|copr|\(c\)|©|&copy;|&#169;|author|written|contributed|created|maintainer/gi;

/** Returns the copyright statements, holders and authors of a text, with 1-based line numbers. */
export function detectCopyrights(text: string): CopyrightScan {
  const out: CopyrightScan = { copyrights: [], holders: [], authors: [] };
  const cursor = new LineCursor(text);
  const gate = new RegExp(LINE_GATE.source, 'gi');
  let done = 0;
  // One pass over the text for markers; only the lines holding one are cleaned and parsed.
  for (let m = gate.exec(text); m !== null; m = gate.exec(text)) {
    const lineNumber = cursor.seek(m.index);
    gate.lastIndex = cursor.nextLineOffset();
    if (lineNumber <= done) {
      continue;
    }
    done = lineNumber;
    const raw = cursor.current();
    if (raw.length > 2000) {
      continue;
    }
    const line = cleanLine(raw);
    const found = MARKER.test(line) ? statementAt(line) : undefined;
    if (found) {
      let { statement } = found;
      let end = lineNumber;
      // Statements continue on the next line when the holder is missing or the line ends mid-list.
      if (found.needsMore) {
        const next = cleanLine(cursor.next());
        const joinable = holderOf(statement) === '' ? /^[A-Z0-9]/.test(next) : HOLDER_CONTINUATION.test(next);
        if (next && joinable && !MARKER.test(next) && !CODE.test(next) && !ADDRESS.test(next) && next.length < 120) {
          statement = trimStatement(`${statement} ${next}`);
          end = lineNumber + 1;
          done = end;
        }
      }
      const holder = holderOf(statement);
      if (holder === '' && !YEARS_PREFIX.test(statement.replace(MARKERS_PREFIX, ''))) {
        continue;
      }
      out.copyrights.push({ copyright: statement, start_line: lineNumber, end_line: end });
      if (holder) {
        out.holders.push({ holder, start_line: lineNumber, end_line: end });
      }
      continue;
    }
    const name = (AUTHOR.exec(line) ?? BARE_AUTHOR.exec(line))?.[1]?.trim();
    if (name && !CODE.test(name) && /^[\p{Lu}]/u.test(name) && name !== name.toUpperCase()) {
      out.authors.push({ author: trimStatement(name), start_line: lineNumber, end_line: lineNumber });
    }
  }
  return out;
}
