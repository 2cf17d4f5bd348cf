import { Column, ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Column types that mean the same on sqlite and PostgreSQL.
 *
 * Datetimes are ISO-8601 UTC text (`2026-07-01T08:44:05.174Z`): it sorts correctly as text,
 * and has no timezone trap (PostgreSQL's `timestamp` would take the server's local time and
 * sqlite has no datetime type at all). JSON is text, so "JSON text contains" filters are one
 * portable LIKE.
 */
const isoDate: ValueTransformer = {
  to: (value: Date | string | null | undefined) =>
    value instanceof Date ? value.toISOString() : (value ?? null),
  from: (value: string | null) => (value === null || value === undefined ? null : new Date(value)),
};

const json: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value ?? null)),
  from: (value: string | null) => (value === null || value === undefined ? null : (JSON.parse(value) as unknown)),
};

/** pg returns bigint as a string; sizes fit well within Number's safe range. */
const bigint: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

export const DATE_LENGTH = 24;

export function DateTimeColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: DATE_LENGTH, transformer: isoDate, ...options });
}

export function JsonColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'text', transformer: json, ...options });
}

export function BigIntColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: bigint, ...options });
}

export function BoolColumn(defaultValue = false, options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: Boolean, default: defaultValue, ...options });
}

export function TextColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'text', default: '', ...options });
}

export function CharColumn(length: number, options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length, default: '', ...options });
}

/** UUID primary keys are generated in the application: no PostgreSQL extension needed. */
export const UUID_LENGTH = 36;
