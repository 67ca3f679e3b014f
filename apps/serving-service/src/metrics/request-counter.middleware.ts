import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServingMetrics } from './serving-metrics';

/** What a request that matched no route is counted under: one series, however many paths callers make up. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Counts every /v1 response by the route it matched and its status, guard refusals included. The label is the
 * route's pattern (`/v1/models/:model`), never the raw path: raw paths are the caller's to choose, and each new
 * label value is a series kept in memory for the life of the process.
 */
@Injectable()
export class RequestCounterMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ServingMetrics) {}

  use(req: IncomingMessage & { route?: { path?: unknown } }, res: ServerResponse, next: () => void): void {
    res.on('close', () => {
      // Express sets req.route once routing matched a handler; by the time the response closes it is final.
      const endpoint = typeof req.route?.path === 'string' ? req.route.path : UNMATCHED_ROUTE;
      this.metrics.requests.inc({ endpoint, status: res.headersSent ? String(res.statusCode) : 'aborted' });
    });
    next();
  }
}
