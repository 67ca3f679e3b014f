import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { answerUnparseableRequestsWithJson } from '../../../libs/platform/src/http/client-error-responder';
import { DashboardConfig, PROXIED_SERVICES, ProxiedService } from './dashboard-config';
import { isRefusal, readRequestTarget } from './request-target';
import { SECURITY_HEADERS } from './security-headers';
import { proxyToService } from './service-proxy';
import { serveStatic } from './static-files';

/**
 * Each service's operational routes. Its probes trust loopback callers, and this server calls from loopback, so
 * proxying them would hand them to anyone who can reach the dashboard. Express matches paths case-insensitively.
 */
const OPERATIONAL = new Set(['health', 'diagnostics', 'metrics']);

/** How long a refused request's body is read off before the answer goes out anyway. */
const READ_OFF_MS = 10_000;

/**
 * Answers with a JSON error once the request's body (if any) is read off and dropped, as the services' body parser
 * does: answered earlier, a client still sending would meet a closed connection instead of the answer.
 */
function answerJson(req: IncomingMessage, res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const send = () => {
    if (res.headersSent) return;
    res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ statusCode: status, message }));
  };
  if (req.complete) return send();
  const timer = setTimeout(send, READ_OFF_MS);
  req.once('end', () => {
    clearTimeout(timer);
    send();
  });
  req.once('error', () => clearTimeout(timer));
  req.resume();
}

/** Answers the request itself, or hands it to a service's proxy; says which. */
function route(config: DashboardConfig, req: IncomingMessage, res: ServerResponse): 'answered' | 'proxied' {
  const target = readRequestTarget(req.url);
  if (isRefusal(target)) {
    answerJson(req, res, target.status, target.message);
    return 'answered';
  }
  const { path, segments, search } = target;
  if (segments.length === 2 && segments[0] === 'health' && segments[1] === 'live') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ status: 'ok' }));
    return 'answered';
  }
  if (segments[0] === 'api') {
    const service = segments[1] as ProxiedService | undefined;
    if (service === undefined || !Object.hasOwn(PROXIED_SERVICES, service)) {
      answerJson(req, res, 404, `no service ${JSON.stringify(service ?? '')}: use /api/<service>/… with one of ${Object.keys(PROXIED_SERVICES).join(', ')}`);
      return 'answered';
    }
    if (OPERATIONAL.has(segments[2]?.toLowerCase() ?? '')) {
      answerJson(req, res, 404, `/${segments[2]} is operational and not served through the dashboard: call it on the service's host`);
      return 'answered';
    }
    // The rest of the path as received (still percent-encoded): the upstream reads exactly what the browser sent.
    const upstreamPath = `/${path.split('/').slice(3).join('/')}`;
    proxyToService(service, config.upstreams[service], `${upstreamPath}${search}`, req, res);
    return 'proxied';
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    answerJson(req, res, 405, `${req.method} is not served here: the app's files answer GET and HEAD`, { allow: 'GET, HEAD' });
    return 'answered';
  }
  serveStatic(config.distDir, segments, res);
  return 'answered';
}

/** One origin for the browser: the app's files, and each service's API under /api/<service>/ (no CORS needed). */
export function createDashboardServer(config: DashboardConfig): Server {
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    try {
      // A body nobody reads is still read off (and dropped), so the connection stays usable.
      if (route(config, req, res) === 'answered') req.resume();
    } catch (error) {
      // A bug in one request's handling answers that request; it must never take the server down with it.
      console.error(JSON.stringify({ msg: 'request failed', method: req.method, error: error instanceof Error ? error.message : String(error) }));
      if (res.headersSent) return res.destroy();
      answerJson(req, res, 500, 'the dashboard server failed on this request');
    }
  });
  answerUnparseableRequestsWithJson(server);
  return server;
}
