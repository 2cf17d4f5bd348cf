import { NotFoundError } from './errors';

/**
 * Request-body fields read the way Django REST Framework reads them, so clients get the
 * same messages: JSON, form and multipart bodies all arrive here as plain objects whose
 * values may be strings (forms), arrays (repeated keys) or JSON values.
 */
export type Body = Record<string, unknown>;
export type FieldErrors = Record<string, unknown>;

export const MESSAGES = {
  required: 'This field is required.',
  blank: 'This field may not be blank.',
  notString: 'Not a valid string.',
  notBoolean: 'Must be a valid boolean.',
  notList: (value: unknown) => `Expected a list of items but got type "${typeName(value)}".`,
  notDict: (value: unknown) => `Expected a dictionary of items but got type "${typeName(value)}".`,
  invalidJson: 'Value must be valid JSON.',
  maxLength: (max: number) => `Ensure this field has no more than ${max} characters.`,
  invalidChoice: (value: string) => `"${value}" is not a valid choice.`,
  invalidUrl: 'Enter a valid URL.',
  invalidUuid: 'Enter a valid UUID.',
  invalidNumber: 'A valid integer is required.',
} as const;

export class FieldReader {
  readonly errors: FieldErrors = {};

  constructor(private readonly body: Body) {}

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  /** A CharField: trimmed, optional unless `required`, with a max length. */
  string(name: string, options: { required?: boolean; max?: number; allowBlank?: boolean } = {}): string | undefined {
    const raw = single(this.body[name]);
    if (raw === undefined || raw === null) {
      if (options.required) {
        this.fail(name, MESSAGES.required);
      }
      return undefined;
    }
    if (typeof raw === 'object') {
      this.fail(name, MESSAGES.notString);
      return undefined;
    }
    const value = (typeof raw === 'string' ? raw : JSON.stringify(raw)).trim();
    if (!value && options.required && !options.allowBlank) {
      this.fail(name, MESSAGES.blank);
      return undefined;
    }
    if (options.max !== undefined && value.length > options.max) {
      this.fail(name, MESSAGES.maxLength(options.max));
      return undefined;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = single(this.body[name]);
    if (raw === undefined || raw === null || raw === '') {
      return fallback;
    }
    const parsed = parseBooleanValue(raw);
    if (parsed === undefined) {
      this.fail(name, MESSAGES.notBoolean);
      return fallback;
    }
    return parsed;
  }

  /**
   * A list of strings. Forms give repeated keys or a JSON-encoded array; `allowString`
   * accepts a bare string as a one-item list (ScanCode.io's create does, add_input does not).
   */
  stringList(name: string, options: { allowString?: boolean; jsonString?: boolean } = {}): string[] | undefined {
    let raw = this.body[name];
    if (raw === undefined || raw === null) {
      return undefined;
    }
    if (typeof raw === 'string' && options.jsonString && raw.trim().startsWith('[')) {
      try {
        raw = JSON.parse(raw) as unknown;
      } catch {
        this.fail(name, MESSAGES.invalidJson);
        return undefined;
      }
    }
    if (typeof raw === 'string') {
      if (!options.allowString) {
        this.fail(name, MESSAGES.notList(raw));
        return undefined;
      }
      raw = [raw];
    }
    if (!Array.isArray(raw)) {
      this.fail(name, MESSAGES.notList(raw));
      return undefined;
    }
    const items: string[] = [];
    for (const item of raw) {
      if (typeof item === 'object' && item !== null) {
        this.fail(name, MESSAGES.notString);
        return undefined;
      }
      items.push(String(item));
    }
    return items;
  }

  /** A JSON object; forms carry it as a JSON string. */
  object(name: string): Record<string, unknown> | undefined {
    const raw = this.jsonValue(name, single(this.body[name]));
    if (raw === undefined) {
      return undefined;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.fail(name, MESSAGES.notDict(raw));
      return undefined;
    }
    return raw as Record<string, unknown>;
  }

  /** A list of JSON objects (nested serializers); forms carry it as a JSON string. */
  objectList(name: string): Record<string, unknown>[] | undefined {
    const raw = this.jsonValue(name, this.body[name]);
    if (raw === undefined) {
      return undefined;
    }
    if (!Array.isArray(raw)) {
      this.fail(name, MESSAGES.notList(raw));
      return undefined;
    }
    if (raw.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))) {
      this.fail(name, { non_field_errors: [MESSAGES.notDict('list')] });
      return undefined;
    }
    return raw as Record<string, unknown>[];
  }

  /** A body value, JSON-decoded when a form sent it as text; undefined when absent or invalid (recorded). */
  private jsonValue(name: string, raw: unknown): unknown {
    if (raw === undefined || raw === null || raw === '') {
      return undefined;
    }
    if (typeof raw !== 'string') {
      return raw;
    }
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      this.fail(name, MESSAGES.invalidJson);
      return undefined;
    }
  }

  fail(name: string, message: unknown): void {
    if (typeof message === 'string') {
      const list = (this.errors[name] as string[] | undefined) ?? [];
      list.push(message);
      this.errors[name] = list;
    } else {
      this.errors[name] = message;
    }
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

const TRUE = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', 'off', '0']);

/** DRF BooleanField's accepted spellings; undefined for anything else. */
export function parseBooleanValue(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') {
    return raw;
  }
  if (raw === 1 || raw === 0) {
    return raw === 1;
  }
  if (typeof raw === 'string') {
    const value = raw.trim().toLowerCase();
    if (TRUE.has(value)) {
      return true;
    }
    if (FALSE.has(value)) {
      return false;
    }
  }
  return undefined;
}

/** Django URLValidator's essentials: http(s) or ftp(s), a host, no spaces. */
export function isValidUrl(value: string): boolean {
  if (/\s/.test(value)) {
    return false;
  }
  try {
    const url = new URL(value);
    return ['http:', 'https:', 'ftp:', 'ftps:'].includes(url.protocol) && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A UUID in the canonical lowercase hyphenated form, or null when the text is not one. */
export function normalizeUuid(value: string): string | null {
  if (!UUID_PATTERN.test(value.trim())) {
    return null;
  }
  const hex = value.trim().replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUID from a URL path; a malformed one is DRF's plain 404 `Not found.`. */
export function pathUuid(value: string): string {
  const uuid = normalizeUuid(value);
  if (!uuid) {
    throw new NotFoundError();
  }
  return uuid;
}

function single(value: unknown): unknown {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v !== 'object') ? value[value.length - 1] : value;
}

function typeName(value: unknown): string {
  if (typeof value === 'string') {
    return 'str';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'int' : 'float';
  }
  if (typeof value === 'boolean') {
    return 'bool';
  }
  if (Array.isArray(value)) {
    return 'list';
  }
  if (value === null) {
    return 'NoneType';
  }
  return 'dict';
}
