import { BadRequestException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * No id, name or parameter holds NUL, and Postgres cannot compare text with one: a lookup by a path parameter that
 * decodes to NUL would answer 500. Refused before routing, for every route at once.
 */
export function refuseEncodedNul(req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void): void {
  if (/%00/i.test(req.url ?? '')) next(new BadRequestException('the URL holds an encoded NUL (%00), which no path or query parameter may contain'));
  else next();
}
