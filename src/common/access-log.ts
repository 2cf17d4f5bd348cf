import type { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** One line per request: method, path, status, duration and request id. */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.on('finish', () => {
      const ms = (performance.now() - req.startedAt).toFixed(1);
      logger.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${ms}ms [${req.id}]`);
    });
    next();
  };
}
