import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    startedAt: number;
  }
}

const ACCEPTABLE_ID = /^[\w.:@/+=-]{1,200}$/;

/** Every response carries X-Request-Id; a sane incoming one is kept for end-to-end tracing. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  req.startedAt = performance.now();
  res.setHeader('X-Request-Id', req.id);
  next();
}

/** The scheme and host the client used, for ScanCode.io's absolute URLs. */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
