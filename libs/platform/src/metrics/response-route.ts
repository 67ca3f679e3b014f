import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a request that matched no route is counted under: one series, however many paths callers make up. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Calls `count` once the response closes, with the route pattern the request matched (`/corpora/:id`, never the raw
 * path: raw paths are the caller's to choose, and each new label value is a series kept for the life of the process)
 * and its status (`aborted`: the client left before the answer). Guard refusals and 404s are counted too: a path no
 * handler matched keeps the counting middleware's own pattern (`/{*path}`), one series whatever the path.
 */
export function onResponseClosed(req: IncomingMessage & { route?: { path?: unknown } }, res: ServerResponse, count: (route: string, status: string) => void): void {
  res.on('close', () => {
    // Express sets req.route once routing matched a handler; by the time the response closes it is final.
    const route = typeof req.route?.path === 'string' ? req.route.path : UNMATCHED_ROUTE;
    count(route, res.headersSent ? String(res.statusCode) : 'aborted');
  });
}
