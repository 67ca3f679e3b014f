import { createServer, Server } from 'node:http';
import { DashboardConfig, PROXIED_SERVICES, ProxiedService } from './dashboard-config';
import { proxyToService } from './service-proxy';
import { serveStatic } from './static-files';

const API_ROUTE = /^\/api\/([a-z]+)(\/.*)?$/;

/** One origin for the browser: the app's files, and each service's API under /api/<service>/ (no CORS needed). */
export function createDashboardServer(config: DashboardConfig): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    if (url.pathname === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok' }));
      return;
    }
    const api = API_ROUTE.exec(url.pathname);
    if (api) {
      const service = api[1] as ProxiedService;
      if (!(service in PROXIED_SERVICES)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: 404, message: `no service ${service}: use one of ${Object.keys(PROXIED_SERVICES).join(', ')}` }));
        return;
      }
      proxyToService(service, config.upstreams[service], `${(api[2] ?? '/').slice(1)}${url.search}`, req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    serveStatic(config.distDir, url.pathname, res);
  });
}
