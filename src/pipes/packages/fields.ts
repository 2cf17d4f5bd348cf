// Readers for parsed JSON/YAML/TOML values, whose shapes the scanned files do not guarantee.

export type Dict = Record<string, unknown>;

/** Returns the value as a plain object, or undefined. */
export function asDict(value: unknown): Dict | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Dict) : undefined;
}

/** Returns the value as an array, or an empty array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** Returns a trimmed non-empty string (numbers are stringified), or null. */
export function asText(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  return null;
}

/** Returns the string items of a list (or a single string as a one-item list). */
export function asTextList(value: unknown): string[] {
  if (typeof value === 'string') {
    const t = asText(value);
    return t ? [t] : [];
  }
  return asArray(value)
    .map(asText)
    .filter((v): v is string => v !== null);
}

/** Returns the entries of an object whose values are strings or objects, as [key, value] pairs. */
export function entriesOf(value: unknown): Array<[string, unknown]> {
  const d = asDict(value);
  return d ? Object.entries(d) : [];
}

/** Returns the text of a file content, without a UTF-8 byte order mark. */
export function decodeText(content: Buffer | string): string {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
