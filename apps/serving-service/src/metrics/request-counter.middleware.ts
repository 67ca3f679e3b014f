import { onResponseClosed } from '@llmchain/platform';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServingMetrics } from './serving-metrics.service';

/** Counts every /v1 response by the route it matched and its status, guard refusals included. */
@Injectable()
export class RequestCounterMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ServingMetrics) {}

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    onResponseClosed(req, res, (endpoint, status) => this.metrics.requests.inc({ endpoint, status }));
    next();
  }
}
