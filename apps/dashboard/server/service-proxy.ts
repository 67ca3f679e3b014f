import { IncomingMessage, request as httpRequest, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ProxiedService, PROXIED_SERVICES, withoutCredentials } from './dashboard-config';
import { SECURITY_HEADERS } from './security-headers';

// Per-connection headers that must not be forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

const forwardable = (headers: IncomingMessage['headers'], alsoDrop: ReadonlySet<string> = new Set()) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()) && !alsoDrop.has(name.toLowerCase())));

/**
 * X-Forwarded-For with the caller's address appended, as a proxy writes it: billing throttles sign-ins per client
 * address, and without it every sign-in through the dashboard would count against the dashboard's own address.
 */
function forwardedFor(req: IncomingMessage): string {
  const prior = req.headers['x-forwarded-for'];
  const hops = Array.isArray(prior) ? prior.join(', ') : prior;
  const peer = req.socket.remoteAddress ?? 'unknown';
  return hops ? `${hops}, ${peer}` : peer;
}

/** The dashboard's own security headers answer for every response it sends, an upstream's never replace them. */
const DASHBOARD_OWN = new Set(Object.keys(SECURITY_HEADERS));

/**
 * Forwards /api/<service>/<path> to that service's /<path>, streaming both ways: uploads go through without being
 * buffered, and server-sent events (the playground's streamed chat) reach the browser as they are written.
 * `pathAndQuery` is a checked origin-form path (see readRequestTarget): it is appended to the upstream's own path,
 * never resolved as a URL, so the host and port are always the configured upstream's.
 */
export function proxyToService(service: ProxiedService, upstream: string, pathAndQuery: string, req: IncomingMessage, res: ServerResponse): void {
  const origin = new URL(upstream);
  const send = origin.protocol === 'https:' ? httpsRequest : httpRequest;
  const outgoing = send(
    {
      protocol: origin.protocol,
      hostname: origin.hostname,
      port: origin.port,
      path: `${origin.pathname.replace(/\/$/, '')}${pathAndQuery}`,
      method: req.method,
      headers: { ...forwardable(req.headers), host: origin.host, 'x-forwarded-for': forwardedFor(req) },
    },
    (incoming) => {
      res.writeHead(incoming.statusCode ?? 502, forwardable(incoming.headers, DASHBOARD_OWN));
      incoming.pipe(res);
    },
  );
  outgoing.on('error', (error) => {
    if (res.headersSent) return res.destroy(error);
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        statusCode: 502,
        error: 'Bad Gateway',
        message: `${PROXIED_SERVICES[service]} is not reachable at ${withoutCredentials(upstream)} (${error.message}): is it running? \`npm start\` starts every service`,
      }),
    );
  });
  // The browser went away (a cancelled stream): end the upstream request too, so the service stops generating.
  res.on('close', () => {
    if (!res.writableFinished) outgoing.destroy();
  });
  req.pipe(outgoing);
}
