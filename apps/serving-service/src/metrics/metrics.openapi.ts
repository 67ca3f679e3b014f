import { RouteDoc } from '@llmchain/platform';

/** metrics.controller.ts */
export const METRICS_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/metrics', summary: 'Prometheus metrics', caller: 'operator', auth: 'operator', responses: { 200: { description: 'Text exposition format', mediaType: 'text/plain' } } },
];
