import type { LicenseIndex } from './license-index';
import { tokenizeText } from './tokenize';

/** A file's text prepared for matching. */
export interface Query {
  textLines: string[];
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
  const textLines = text.split(/\r\n|\r|\n/);
  const { tokens, lines, total } = tokenizeText(text);
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    ids[i] = index.dictionary.get(tokens[i] ?? '') ?? -1;
  }
  return { textLines, tokens, ids, tokenLines: lines, total };
}
