/** Comment openers and decorations at the start of a line in most languages. */
const LEADING = /^\s*(?:\/\*+!?|\*+\/?|\/\/+!?|#+!?|--+|;+|%+|!+|'+|"+|dnl\b|rem\b|@rem\b|\.\\"|<!--|\{-|\(\*)?\s*/i;
/** Comment closers at the end of a line. */
const TRAILING = /\s*(?:\*+\/|-->|-\}|\*\)|"""|''')\s*$/;

/** Returns a source line without comment markers, entities and HTML tags (emails in <...> kept). */
export function cleanLine(line: string): string {
  return line
    .replace(/&copy;|&#169;|&#xa9;|\\251|\\u00a9|\\xa9/gi, '©')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&amp;/gi, '&')
    .replace(/&nbsp;/gi, ' ')
    // Escapes of string literals ("Copyright(c) 2015 Intel Corporation.\\n").
    .replace(/\\[ntr]/g, ' ')
    .replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>@]*)?\/?>/gi, ' ')
    // Markdown links keep their text and their target: "[Ramesh Nair](http://x/)" → "Ramesh Nair (http://x/)".
    .replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, '$1 ($2)')
    // Block quotes of Markdown ("> Copyright ...").
    .replace(/^\s*(?:>\s*)+/, '')
    .replace(LEADING, '')
    .replace(TRAILING, '')
    .replace(/\s+/g, ' ')
    .trim();
}
