/**
 * Domain errors. Services, steps and the CLI throw these; one HTTP filter turns them
 * into ScanCode.io's response shapes (DRF `detail`, field dicts, `status`, `error`, `errors`).
 */
export type ErrorBody = Record<string, unknown>;

export class AppError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: ErrorBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(firstMessage(body));
    this.name = new.target.name;
  }
}

/** 404 `{"detail": "No Project matches the given query."}`, or `Not found.` without a model. */
export class NotFoundError extends AppError {
  constructor(model?: string) {
    super(404, { detail: model ? `No ${model} matches the given query.` : 'Not found.' });
  }
}

/** 400 field dict: `{"name": ["This field is required."]}`. */
export class ValidationError extends AppError {
  constructor(readonly fields: ErrorBody) {
    super(400, fields);
  }
}

/** 400 `{"status": "..."}`, the envelope of ScanCode.io's custom actions. */
export class ActionError extends AppError {
  constructor(status: string, extra: ErrorBody = {}, httpStatus = 400) {
    super(httpStatus, { status, ...extra });
  }
}

/** 400 `{"errors": {"size": ["Enter a number."]}}` for bad filter values on nested lists. */
export class FilterError extends AppError {
  constructor(errors: Record<string, string[]>) {
    super(400, { errors });
  }
}

/** 400 `{"error": "..."}` as the summary and report actions answer. */
export class ReportError extends AppError {
  constructor(error: string, extra: ErrorBody = {}) {
    super(400, { error, ...extra });
  }
}

/** DRF framework errors that carry a single `detail` text. */
export class DetailError extends AppError {
  constructor(httpStatus: number, detail: string, headers: Record<string, string> = {}) {
    super(httpStatus, { detail }, headers);
  }
}

export class AuthenticationError extends DetailError {
  constructor(detail: string) {
    super(401, detail, { 'WWW-Authenticate': 'Token' });
  }
}

export class MethodNotAllowedError extends DetailError {
  constructor(method: string, allowed: string[] = []) {
    super(405, `Method "${method.toUpperCase()}" not allowed.`, allowed.length ? { Allow: allowed.join(', ') } : {});
  }
}

/** A problem the CLI reports as one line and exit code 1. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

function firstMessage(body: ErrorBody): string {
  for (const key of ['detail', 'status', 'error']) {
    const value = body[key];
    if (typeof value === 'string') {
      return value;
    }
  }
  return JSON.stringify(body);
}
