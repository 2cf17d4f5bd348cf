/** One header field of an RFC 822-style paragraph, in file order (keys may repeat). */
export interface Field {
  key: string;
  value: string;
}

/**
 * Returns the fields of RFC 822-style text (PKG-INFO, dpkg status, MANIFEST.MF) and the body after
 * the first blank line. Continuation lines start with a space or tab; their first blank is dropped.
 */
export function parseHeaderBlock(text: string): { fields: Field[]; body: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fields: Field[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      if (fields.length > 0) {
        i++;
        break;
      }
      continue;
    }
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += `\n${line.slice(1)}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) {
      fields.push({ key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
  }
  return { fields, body: lines.slice(i).join('\n') };
}

/** Returns every blank-line separated paragraph of a deb822 / apk-style file as field lists. */
export function parseParagraphs(text: string): Field[][] {
  const paragraphs: Field[][] = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const { fields } = parseHeaderBlock(chunk);
    if (fields.length > 0) {
      paragraphs.push(fields);
    }
  }
  return paragraphs;
}

/** Returns the first value of a field (case-insensitive key), or null. */
export function fieldValue(fields: Field[], key: string): string | null {
  const lower = key.toLowerCase();
  const found = fields.find((f) => f.key.toLowerCase() === lower);
  return found && found.value !== '' ? found.value : null;
}

/** Returns every value of a repeated field (case-insensitive key). */
export function fieldValues(fields: Field[], key: string): string[] {
  const lower = key.toLowerCase();
  return fields.filter((f) => f.key.toLowerCase() === lower && f.value !== '').map((f) => f.value);
}
