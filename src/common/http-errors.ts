import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppError, DetailError, MethodNotAllowedError } from './errors';
import { allowedMethods } from './routes';

/**
 * The one place where errors become HTTP responses. Domain errors carry their status and
 * ScanCode.io body; framework errors are given DRF's shapes; anything else is a 500 that
 * says nothing about its cause but the request id to find it in the log.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    sendError(ctx.getRequest<Request>(), ctx.getResponse<Response>(), toAppError(exception, ctx.getRequest<Request>()), this.logger, exception);
  }
}

/** Express error middleware for what fails before Nest routes (body parsing, uploads). */
export function expressErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    sendError(req, res, toAppError(error, req), logger, error);
  };
}

export function sendError(req: Request, res: Response, error: AppError, logger: Logger, cause?: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = { ...error.body };
  if (error.httpStatus >= 500) {
    body.request_id = req.id;
    logger.error(`${req.method} ${req.originalUrl} failed [request_id=${req.id}]`, cause instanceof Error ? cause.stack : String(cause));
  }
  res.status(error.httpStatus).set(error.headers).json(body);
}

function toAppError(exception: unknown, req: Request): AppError {
  if (exception instanceof AppError) {
    return exception;
  }
  if (exception instanceof HttpException) {
    return fromHttpException(exception, req);
  }
  const status = httpStatusOf(exception);
  if (status === 400 && isBodyParseError(exception)) {
    return new DetailError(400, `JSON parse error - ${(exception as Error).message}`);
  }
  if (status === 413) {
    return new DetailError(413, 'Request body is too large.');
  }
  if (status === 415) {
    return new DetailError(415, `Unsupported media type "${req.headers['content-type'] ?? ''}" in request.`);
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new DetailError(status, exception instanceof Error ? exception.message : 'Bad request.');
  }
  return new AppError(500, { detail: 'A server error occurred.' });
}

function fromHttpException(exception: HttpException, req: Request): AppError {
  const status = exception.getStatus();
  if (status === 404) {
    const allowed = allowedMethods(req);
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      return new MethodNotAllowedError(req.method, allowed);
    }
    return new DetailError(404, 'Not found.');
  }
  if (status >= 500) {
    return new AppError(500, { detail: 'A server error occurred.' });
  }
  if (status === 413) {
    return new DetailError(413, 'File too large: uploads are limited by SCANLOOM_MAX_UPLOAD_SIZE.');
  }
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
  return new DetailError(status, Array.isArray(message) ? message.join(' ') : typeof message === 'string' ? message : exception.message);
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null) {
    const candidate = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
    if (typeof candidate === 'number') {
      return candidate;
    }
  }
  return undefined;
}

function isBodyParseError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.parse.failed';
}
