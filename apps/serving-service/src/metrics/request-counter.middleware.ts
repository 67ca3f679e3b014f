import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServingMetrics } from './serving-metrics';

/** Counts every /v1 response by endpoint and status, guard refusals included. */
@Injectable()
export class RequestCounterMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ServingMetrics) {}

  use(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void {
    // Express strips the mount path from req.url; originalUrl keeps the whole path.
    const endpoint = (req.originalUrl ?? req.url ?? '').split('?')[0].replace(/^(\/v1\/models)\/.+$/, '$1/{model}');
    res.on('close', () => this.metrics.requests.inc({ endpoint, status: res.headersSent ? String(res.statusCode) : 'aborted' }));
    next();
  }
}
