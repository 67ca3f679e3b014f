import { PROXIED_SERVICES } from '../../apps/dashboard/server/dashboard-config';
import { FuzzCase } from './fuzz-cases';
import { Route } from './route-table';

/** The dashboard server's path to a service's route: /api/<data|training|serving|billing>/<the route's path>. */
export function throughDashboard(route: Route, fuzzCase: FuzzCase): FuzzCase {
  const key = Object.entries(PROXIED_SERVICES).find(([, service]) => service === route.service)?.[0];
  if (!key) throw new Error(`the dashboard proxies no ${route.service}`);
  return { what: `via dashboard: ${fuzzCase.what}`, request: { ...fuzzCase.request, path: `/api/${key}${fuzzCase.request.path}` } };
}

/**
 * Requests only the dashboard server's own routing meets (its health check, the /api prefix, the app's files):
 * malformed percent-encoding, empty, dot and encoded-slash segments, paths that name another host, unknown services,
 * operational routes, methods the app's files do not take.
 */
export const DASHBOARD_CASES: FuzzCase[] = [
  ...['/%zz', '//', '///', '/%', '/%E2%82', '/\xff', '/a/%00', '/./index.html', '/assets/..%2F..%2Fpackage.json', '/..\\..\\x', '/%2e%2e/%2e%2e/etc/passwd'].map((path) => ({
    what: `malformed path ${JSON.stringify(path)}`,
    request: { method: 'GET', path },
  })),
  ...['/api', '/api/', '/api/nope/v1/models', '/api/__proto__/x', '/api/constructor/x', '/api/data//127.0.0.1:9/x', '/api/data/%2F%2F127.0.0.1:9/x', '/api/data/%zz'].map((path) => ({
    what: `bad proxy path ${JSON.stringify(path)}`,
    request: { method: 'GET', path },
  })),
  ...['/api/data/health/ready', '/api/billing/diagnostics/probes', '/api/serving/metrics', '/api/training/HEALTH/live'].map((path) => ({
    what: `operational route ${path}`,
    request: { method: 'GET', path },
  })),
  ...['POST', 'PUT', 'DELETE', 'PATCH'].map((method) => ({ what: `${method} on the app's files`, request: { method, path: '/tenants', body: '{}' } })),
  { what: 'a request target that is not a path', request: { method: 'GET', path: '*' } },
  { what: 'headers past the size limit', request: { method: 'GET', path: '/health/live', headers: { 'x-large': 'a'.repeat(20_000) } } },
];
