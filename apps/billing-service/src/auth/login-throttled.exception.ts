import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 for a login that must wait; the controller sends retryAfterSeconds as Retry-After. */
export class LoginThrottledException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
