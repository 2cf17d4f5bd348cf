import type { LicenseIndex } from './license-index';
import { tokenizeNearAnchors, tokenizeText } from './tokenize';

/** A file's text prepared for matching. */
export interface Query {
  /** The text with line ends normalized to \n. */
  text: string;
  tokens: string[];
  /** Dictionary id per token, -1 for words no rule contains. */
  ids: Int32Array;
  /** 1-based line of each token. */
  tokenLines: Int32Array;
  /** Token count including skipped copyright lines, the percentage denominator. */
  total: number;
}

/** Returns the query for a text against an index. */
export function buildQuery(text: string, index: LicenseIndex): Query {
  // Old Mac line ends count as lines too.
  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // Small files are tokenized whole; in larger ones only the lines near license words.
  const { tokens, lines, total } = normalized.length < 16384 ? tokenizeText(normalized) : tokenizeNearAnchors(normalized);
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    ids[i] = index.dictionary.get(tokens[i] ?? '') ?? -1;
  }
  return { text: normalized, tokens, ids, tokenLines: lines, total };
}
