import type { NextFunction, Request, Response } from 'express';
import { AuthenticationError } from '../common/errors';
import { parseAuthorization } from './api-keys';
import type { User } from './user.entity';
import type { UsersService } from './users.service';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

/**
 * Token authentication in front of every route (the API and its OpenAPI pages). A wrong
 * key is a 401 even on an open instance, as in ScanCode.io; no key is a 401 only when
 * authentication is required.
 */
export function authenticate(users: UsersService, required: boolean) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const parsed = parseAuthorization(req.headers.authorization);
    if (parsed.kind === 'invalid') {
      next(new AuthenticationError(parsed.detail));
      return;
    }
    if (parsed.kind === 'none') {
      next(required ? new AuthenticationError('Authentication credentials were not provided.') : undefined);
      return;
    }
    users.authenticate(parsed.key).then(
      (user) => {
        req.user = user;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
