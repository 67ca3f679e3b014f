import { ServiceStack } from '@llmchain/testing';
import { createServer, Server } from 'node:http';
import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import { sendRaw } from '../chain/raw-http';
import { launchChromium } from './browser';
import { buildDashboard } from './dashboard-build';
import { DashboardServer } from './dashboard-server';
import { settleAll } from './settle-all';

/**
 * The real dashboard server in front of a real data-service, with a second HTTP server standing for any other host
 * on the network: the proxy must reach only its service, only on public routes, and survive any request line.
 */
describe('dashboard server: a proxy to its own services only', () => {
  const stack = new ServiceStack();
  const dashboard = new DashboardServer();
  const otherHostHits: string[] = [];
  let otherHost: Server;
  let otherPort = 0;

  beforeAll(async () => {
    otherHost = createServer((req, res) => {
      otherHostHits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.end('reached another host');
    }).listen(0, '127.0.0.1');
    await once(otherHost, 'listening');
    otherPort = (otherHost.address() as AddressInfo).port;
    await stack.add('data-service', { LOG_LEVEL: 'info' });
    await settleAll([buildDashboard(), stack.startAll()]);
    await dashboard.start(stack);
  });
  afterAll(async () => {
    await dashboard.stop();
    await stack.teardown();
    otherHost.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => sendRaw(dashboard.url, { method: 'GET', path, headers });

  it('forwards a public route to its service', async () => {
    const reply = await get('/api/data/corpora');
    expect(reply.status).toBe(401); // data-service's own refusal: the request got there
    expect(reply.text).toMatch(/key|authoriz/i);
  });

  it('never sends a request (or its credentials) to another host, however the path names it', async () => {
    const attempts = [
      `/api/data//127.0.0.1:${otherPort}/x`,
      `/api/data///127.0.0.1:${otherPort}/x`,
      `/api/data/%2F%2F127.0.0.1:${otherPort}/x`,
      `/api/data/..//127.0.0.1:${otherPort}/x`,
      `/api/data/\\\\127.0.0.1:${otherPort}/x`,
      `/api/data/http://127.0.0.1:${otherPort}/x`,
      `//127.0.0.1:${otherPort}/api/data/x`,
    ];
    for (const path of attempts) {
      const reply = await get(path, { authorization: 'Bearer llmk_00000000_a-secret-that-must-stay-home' });
      expect({ path, refused: reply.status >= 400 && reply.status < 500, reachedOtherHost: reply.text.includes('reached another host') }).toEqual({
        path,
        refused: true,
        reachedOtherHost: false,
      });
    }
    expect(otherHostHits).toEqual([]);
  });

  it('does not reach the operational routes the services keep to loopback callers', async () => {
    const operational = [
      '/api/data/diagnostics/probes?from=billing-service',
      '/api/data/DIAGNOSTICS/probes',
      '/api/data/%64iagnostics/probes',
      '/api/data/v1/../diagnostics/probes',
      '/api/data/v1/%2e%2e/diagnostics/probes',
      '/api/data/health/ready',
      '/api/data/Health/ready',
      '/api/data/metrics',
      '/api/serving/metrics',
    ];
    for (const path of operational) {
      const reply = await get(path);
      expect({ path, status: reply.status }).toEqual({ path, status: reply.status === 400 ? 400 : 404 });
      expect(reply.text).not.toMatch(/"status":"ok"|"details"|probes|# HELP/);
    }
    const posted = await sendRaw(dashboard.url, { method: 'POST', path: '/api/data/diagnostics/probes', headers: { 'content-type': 'application/json' }, body: '{"to":"data-service","count":1}' });
    expect(posted.status).toBe(404);
  });

  it('answers any malformed request line with a 4xx and a message, and stays up', async () => {
    for (const path of ['/%zz', '//', '/api/data/%zz', '/%E2%82', '/a/%00/b', '/..%2f..%2fetc/passwd', '/\xff', 'x', '/api', '/api/nope/x', '/api/__proto__/x']) {
      const reply = await get(path).catch((error: Error) => ({ status: 0, json: undefined, text: error.message }));
      expect({ path, status: reply.status >= 400 && reply.status < 500, message: typeof (reply.json as { message?: unknown })?.message }).toEqual({
        path,
        status: true,
        message: 'string',
      });
    }
    expect((await get('/health/live')).status).toBe(200);
  });

  it('sends a strict Content-Security-Policy, refuses framing and does not say what it runs on', async () => {
    const response = await fetch(`${dashboard.url}/health/live`);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const proxied = await fetch(`${dashboard.url}/api/data/corpora`);
    expect(proxied.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(proxied.headers.get('x-powered-by')).toBeNull();
  });

  it('runs the app in Chromium under that policy without a violation', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(dashboard.url);
      await page.getByRole('heading', { name: 'Sign in to llmchain' }).waitFor({ timeout: 30_000 });
      await page.getByLabel('Email').fill('someone@example.test');
      await page.getByLabel('Password').fill('a password of some length');
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Billing is not running in this stack: the app's own fetch to /api/billing reaches the server and shows its 502.
      await page.getByRole('alert').waitFor({ timeout: 30_000 });
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/** Billing throttles sign-ins per client address: behind the dashboard, that address must be the caller's. */
describe('dashboard server: tells the service who called', () => {
  const stack = new ServiceStack();
  const dashboard = new DashboardServer();
  const forwardedFor: (string | undefined)[] = [];
  let billing: Server;

  beforeAll(async () => {
    billing = createServer((req, res) => {
      forwardedFor.push(req.headers['x-forwarded-for'] as string | undefined);
      res.end('{}');
    }).listen(0, '127.0.0.1');
    await once(billing, 'listening');
    // Only the proxy is exercised here, never the built app: no build.
    await dashboard.start(stack, { 'billing-service': `http://127.0.0.1:${(billing.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await dashboard.stop();
    billing.close();
  });

  it('appends the caller\'s address to X-Forwarded-For, after any hops the caller sent', async () => {
    await sendRaw(dashboard.url, { method: 'POST', path: '/api/billing/v1/auth/login', headers: { 'content-type': 'application/json' }, body: '{}' });
    await sendRaw(dashboard.url, { method: 'POST', path: '/api/billing/v1/auth/login', headers: { 'x-forwarded-for': '203.0.113.7' }, body: '{}' });
    expect(forwardedFor).toEqual([expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/), expect.stringMatching(/^203\.0\.113\.7, (::ffff:)?127\.0\.0\.1$/)]);
  });
});
