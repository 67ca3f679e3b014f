import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PlatformMetrics } from './platform-metrics';
import { onResponseClosed } from './response-route';

/** Counts every response of the service by route and status; the error-rate alert divides the 5xx by the total. */
@Injectable()
export class HttpRequestCounterMiddleware implements NestMiddleware {
  constructor(private readonly metrics: PlatformMetrics) {}

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    onResponseClosed(req, res, (route, status) => this.metrics.httpRequests.inc({ route, status }));
    next();
  }
}
