import { ALL_RIGHTS, holderOf, MARKER, MARKERS_PREFIX, trimStatement, YEARS_PREFIX } from './holders';
import { LineCursor } from './line-cursor';
import { cleanLine } from './text-lines';

export { holderOf } from './holders';

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

/** Words after "Copyright" that show prose about copyright, not a statement. */
const PROSE =
  /^(?:(?:notice|notification|below|above|registration|office|page|section|clause|term|condition|right|restriction|holder|law|owner|and|statement|information|file|header|of|to|in|is|on|for|or|protection|licen[cs]e|claim|patent|trademark|text|line|string|year|date|polic(?:y|ies)|sign|symbol|infringement|assignment|message|status|act|treat(?:y|ies)|interest|disclaimer|permission)(?:s|es|ed|ing|ship)?\b|[@{=()<])/i;
/** Lower-case "the" starts prose ("copyright the Work"); "The Go Authors" is a holder. */
const LOWER_THE = /^the\b/;
const CODE = /[{}=#]|\)\)|\(\)|;\s*$|\b(?:function|return|var|const|let|def|self|this|if|else|null|None|true|false)\b/;
/** The end of a string literal in a call or a trailing comment: "2024'); // ...". */
const STRING_IN_CODE = /['"`]\s*[);,]|\/\/|\)\s*;/;
/** Code signs in a line that carries a statement on: a ";" ending a holder line is not one of them. */
const CODE_IN_CONTINUATION = /[{}=#]|\)\)|\(\)|\b(?:function|return|var|const|let|def|self|this|if|else|null|None|true|false)\b/;
/** "Author: X", "@author X", "Written by X". */
const AUTHOR = /^(?:@authors?\s+|(?:authors?|maintainers?)\s*:\s*|(?:originally\s+)?(?:written|contributed|created)\s+by\s*:?\s*)(.+)$/i;
/** "Author Jane Doe": a bare form only when a capitalised name follows a capitalised "Author". */
const BARE_AUTHOR = /^Authors?\s+([A-Z][a-z].+)$/;
/** A following line that carries on a holder's name ("Free Software" / "Foundation, Inc."). */
const HOLDER_CONTINUATION =
  /^(?:Foundation|Inc\b|Ltd\b|Corporation|Corp\b|Co\.|GmbH|LLC|Limited|University|Institute|Technologies|Systems|Project|Contributors|and\s+[A-Z])/;
/** An address line after a holder ("51 Franklin Street, Fifth Floor"). */
const ADDRESS = /^\d+\s+\w|\b(?:Street|St\.|Floor|Suite|Avenue|Ave\.|Road|P\.?O\.? Box|USA)\b/;
/** A line that is one more name of a list ("Felix Geisendörfer (felix@debuggable.com)"). */
const NAME_WITH_EMAIL = /^[\p{Lu}][\p{L}.'-]*(?:\s+[\p{Lu}][\p{L}.'-]*)+\s*[(<][^\s()<>]+@[^\s()<>]+[)>],?$/u;
/** Two capitalised words: a name after a marker that has no year. */
const NAME = /^(?:by\s+)?[\p{Lu}][\p{L}'-]+,?\s+[\p{Lu}][\p{L}'.-]*/u;
/** Template placeholders ("[yyyy] [name of copyright owner]", "<year> <owner>", "${year}"). */
const PLACEHOLDER =
  /\[[^\]]*\b(?:yyyy|year|name|owner|holders?|author|fullname|jj)\b[^\]]*\]|<[^<>@.]*\b(?:year|name|owner|holders?|author|organi[sz]ation|copyright)\b[^<>@.]*>|\byyyy\b|\$\{|\{\{|%[sd]\b/i;

/** A lower-case holder that is still a name: "jQuery Foundation", "npm, Inc.", "Copyright contributors". */
const LOWER_HOLDER = /^(?:[a-z]+[A-Z][\w-]*\s+[A-Z]|[a-z][\w.-]*,?\s+(?:Inc|Ltd|LLC|GmbH|Corp)\b|(?:[\w-]+\s+)?(?:contributors|authors|developers)\.?$)/;

/** Returns true when text after the copyright markers reads like years or a name. */
function looksLikeStatementTail(tail: string, hadSymbol: boolean): boolean {
  if (!tail) {
    return false;
  }
  if (YEARS_PREFIX.test(tail)) {
    // A bare sign and a year inside code ("'10 © 2024'); // ...") are no statement.
    return !hadSymbol || !(CODE.test(tail) || STRING_IN_CODE.test(tail));
  }
  const name = tail.replace(/^by\s+/i, '');
  if (CODE.test(tail) || LOWER_THE.test(name)) {
    return false;
  }
  if (LOWER_HOLDER.test(name)) {
    return true;
  }
  if (PROSE.test(name) || /^[a-z[<]/.test(name)) {
    return false;
  }
  // Upper-case warranty prose ("COPYRIGHT, PATENT, TRADEMARK") is not a holder name.
  const words = tail.split(/[\s,]+/).slice(0, 3);
  if (words.length >= 3 && words.every((w) => w.length > 1 && w === w.toUpperCase() && /[A-Z]/.test(w))) {
    return false;
  }
  // A bare "(c)" followed by a name is too weak without a year ("f(c) Foo").
  return hadSymbol ? /^[A-Z]/.test(name) : /^[A-Z0-9]/.test(name);
}

/** Returns the statement that starts at the first marker of a cleaned line, if it reads as one. */
function statementAt(line: string): { statement: string; raw: string; needsMore: boolean } | undefined {
  const m = MARKER.exec(line);
  if (!m) {
    return undefined;
  }
  const fromMarker = line.slice(m.index);
  const markers = MARKERS_PREFIX.exec(fromMarker)?.[0] ?? '';
  const tail = fromMarker.slice(markers.length).trim();
  const hasWord = /copyright|copr\./i.test(markers);
  const hasYears = YEARS_PREFIX.test(tail);
  if (PLACEHOLDER.test(tail)) {
    return undefined;
  }
  // Lower-case "copyright" is prose or code unless a (c), a year or a full name follows.
  if (/^copyright/.test(markers) && !/\(c\)|©/i.test(markers) && !hasYears && !NAME.test(tail)) {
    return undefined;
  }
  // "(c)" alone needs a year ("(c) under Patent Claims" is a list item); the © sign needs a name.
  if (!hasWord && !hasYears && !(markers.includes('©') && NAME.test(tail))) {
    return undefined;
  }
  if (tail === '' || /^[,.:]*$/.test(tail)) {
    return hasWord && /\(c\)|©/i.test(markers) ? { statement: fromMarker.trim(), raw: fromMarker, needsMore: true } : undefined;
  }
  if (!looksLikeStatementTail(tail, !hasWord)) {
    return undefined;
  }
  const statement = trimStatement(fromMarker);
  return { statement, raw: fromMarker, needsMore: holderOf(statement) === '' || endsMidList(fromMarker) || !/[.)>]$/.test(statement) };
}

/**
 * True for a statement of markers and years only ("Copyright 2001", "(C) 2009, 2010"), or
 * one whose only other text is a web address; "© 2024 & '" in code is not one.
 */
function isYearsOnly(statement: string): boolean {
  const rest = statement.replace(MARKERS_PREFIX, '').replace(ALL_RIGHTS, '');
  const years = YEARS_PREFIX.exec(rest)?.[0];
  if (years === undefined) {
    return false;
  }
  const after = rest.slice(years.length).replace(/(?:https?:\/\/|www\.)\S+|(?:[\w-]+\.)+[a-z]{2,}\S*|\S+@\S+/gi, '').trim();
  return after === '';
}

/** A field of a Debian machine-readable copyright file ("License: curl"), not a holder. */
const DEP5_FIELD = /^[A-Z][A-Za-z-]+:(?:\s|$)/;

/** True when a line stops in the middle of a list of names or years. */
function endsMidList(text: string): boolean {
  return /(?:,|\band|\bby|&)$/i.test(text.trim());
}

/**
 * Splits a line before each further statement ("...(mail@substack.net); Modified work
 * Copyright 2014 Contributors"), so each is read on its own.
 */
function splitStatements(line: string): string[] {
  const parts = line.split(/[;.]\s+(?=(?:[\w ]{0,30}\s)?(?:Copyright\b|\(c\)\s*(?:19|20)\d\d))/);
  return parts.length > 1 ? parts.filter((p) => MARKER.test(p)) : parts;
}

const LINE_GATE = /opyr|copr|\(c\)|©|&copy;|&#169;|author|written|contributed|created|maintainer/gi;
/** Most lines a statement is carried on to. */
const MAX_CONTINUATION = 3;

/** Returns the statement extended by the lines that carry its holder on, and the last line used. */
function continueStatement(cursor: LineCursor, raw: string, line: number): { statement: string; end: number } {
  let joined = raw;
  let out = trimStatement(raw);
  let tail = raw;
  let end = line;
  for (let k = 1; k <= MAX_CONTINUATION; k++) {
    const next = cleanLine(cursor.peek(k));
    const holderMissing = holderOf(out) === '';
    const lastIsName = NAME_WITH_EMAIL.test(tail);
    const joinable = holderMissing
      ? /^[A-Z0-9]/.test(next)
      : endsMidList(tail)
        ? /^[\p{Lu}0-9]/u.test(next)
        : HOLDER_CONTINUATION.test(next) || (lastIsName && NAME_WITH_EMAIL.test(next));
    if (!next || !joinable || DEP5_FIELD.test(next) || MARKER.test(next) || CODE_IN_CONTINUATION.test(next) || ADDRESS.test(next) || next.length >= 120) {
      break;
    }
    joined = `${joined} ${next}`;
    out = trimStatement(joined);
    end = line + k;
    tail = next;
    // A holder that is complete and does not end mid-list stops here, unless more names of a list follow.
    if (holderOf(out) !== '' && !endsMidList(next) && !NAME_WITH_EMAIL.test(next)) {
      break;
    }
  }
  return { statement: out, end };
}

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
    const parts = MARKER.test(line) ? splitStatements(line) : [];
    let foundAny = false;
    parts.forEach((part, i) => {
      const found = statementAt(part);
      if (!found) {
        return;
      }
      foundAny = true;
      let { statement } = found;
      let end = lineNumber;
      // Statements continue on the next lines when the holder is missing or the line ends mid-list.
      if (found.needsMore && i === parts.length - 1) {
        ({ statement, end } = continueStatement(cursor, found.raw, lineNumber));
        done = end;
      }
      const holder = holderOf(statement);
      if (holder === '' && !isYearsOnly(statement)) {
        return;
      }
      out.copyrights.push({ copyright: statement, start_line: lineNumber, end_line: end });
      if (holder) {
        out.holders.push({ holder, start_line: lineNumber, end_line: end });
      }
    });
    if (foundAny) {
      continue;
    }
    const name = (AUTHOR.exec(line) ?? BARE_AUTHOR.exec(line))?.[1]?.trim();
    if (name && !CODE.test(name) && /^[\p{Lu}]/u.test(name) && name !== name.toUpperCase()) {
      out.authors.push({ author: trimStatement(name), start_line: lineNumber, end_line: lineNumber });
    }
  }
  return out;
}
