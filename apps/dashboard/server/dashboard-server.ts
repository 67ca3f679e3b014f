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

function answerJson(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ statusCode: status, message }));
}

/** Answers the request itself, or hands it to a service's proxy; says which. */
function route(config: DashboardConfig, req: IncomingMessage, res: ServerResponse): 'answered' | 'proxied' {
  const target = readRequestTarget(req.url);
  if (isRefusal(target)) {
    answerJson(res, target.status, target.message);
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
      answerJson(res, 404, `no service ${JSON.stringify(service ?? '')}: use /api/<service>/… with one of ${Object.keys(PROXIED_SERVICES).join(', ')}`);
      return 'answered';
    }
    if (OPERATIONAL.has(segments[2]?.toLowerCase() ?? '')) {
      answerJson(res, 404, `/${segments[2]} is operational and not served through the dashboard: call it on the service's host`);
      return 'answered';
    }
    // The rest of the path as received (still percent-encoded): the upstream reads exactly what the browser sent.
    const upstreamPath = `/${path.split('/').slice(3).join('/')}`;
    proxyToService(service, config.upstreams[service], `${upstreamPath}${search}`, req, res);
    return 'proxied';
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ statusCode: 405, message: `${req.method} is not served here: the app's files answer GET and HEAD` }));
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
      // A body nobody reads is still read off (and dropped), as the services' body parser does: a client still
      // sending it would otherwise meet a closed connection instead of the answer.
      if (route(config, req, res) === 'answered') req.resume();
    } catch (error) {
      // A bug in one request's handling answers that request; it must never take the server down with it.
      console.error(JSON.stringify({ msg: 'request failed', method: req.method, error: error instanceof Error ? error.message : String(error) }));
      if (res.headersSent) return res.destroy();
      answerJson(res, 500, 'the dashboard server failed on this request');
      req.resume();
    }
  });
  answerUnparseableRequestsWithJson(server);
  return server;
}
