import { IncomingMessage, request as httpRequest, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ProxiedService, PROXIED_SERVICES } from './dashboard-config';

// Per-connection headers that must not be forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

const forwardable = (headers: IncomingMessage['headers']) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));

/**
 * Forwards /api/<service>/<path> to that service's /<path>, streaming both ways: uploads go through without being
 * buffered, and server-sent events (the playground's streamed chat) reach the browser as they are written.
 */
export function proxyToService(service: ProxiedService, upstream: string, path: string, req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(path, `${upstream}/`);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const outgoing = send(
    target,
    { method: req.method, headers: { ...forwardable(req.headers), host: target.host } },
    (incoming) => {
      res.writeHead(incoming.statusCode ?? 502, forwardable(incoming.headers));
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
        message: `${PROXIED_SERVICES[service]} is not reachable at ${upstream} (${error.message}): is it running? \`npm start\` starts every service`,
      }),
    );
  });
  // The browser went away (a cancelled stream): end the upstream request too, so the service stops generating.
  res.on('close', () => {
    if (!res.writableFinished) outgoing.destroy();
  });
  req.pipe(outgoing);
}
