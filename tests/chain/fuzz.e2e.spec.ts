import { filesUnder, waitUntil } from '@llmchain/testing';
import { randomInt } from 'node:crypto';
import { SeededRandom } from '../../tools/corpus-generator/random';
import { DashboardServer } from '../dashboard/dashboard-server';
import { ChainStack, Tenant } from './chain-stack';
import { DASHBOARD_CASES, throughDashboard } from './dashboard-fuzz-cases';
import { FuzzCaseBuilder } from './fuzz-cases';
import { errorMessage, sendRaw } from './raw-http';
import { Route, routeKey, ROUTES } from './route-table';
import { seedTenantResources, TenantResources } from './tenant-resources';

// Each run sends every route's edge cases and a sample of its other cases, drawn with a new seed each run, so
// successive runs cover the whole set (about 5,800 requests, 1.2 GB of bodies). The title names the seed and the
// sample size: FUZZ_SEED=<seed> reruns exactly those requests, FUZZ_CASES_PER_ROUTE=<n> sets the sample size, and
// FUZZ_FULL=1 sends every case (the nightly-style run).
// Measured on the 2-core machine: every case took 39 s to send at load 3.5; 10 per route (1,200 requests) 11–14 s at load 10.
const DEFAULT_CASES_PER_ROUTE = 10;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
const CASES_PER_ROUTE = process.env.FUZZ_FULL === '1' ? Infinity : Number(process.env.FUZZ_CASES_PER_ROUTE ?? DEFAULT_CASES_PER_ROUTE);
for (const [name, value] of [['FUZZ_SEED', SEED], ['FUZZ_CASES_PER_ROUTE', CASES_PER_ROUTE]] as const) {
  if (!(Number.isSafeInteger(value) && value >= 0) && value !== Infinity) throw new Error(`${name} must be a whole number ≥ 0 (got "${process.env[name]}")`);
}
const SAMPLE = CASES_PER_ROUTE === Infinity ? 'every case' : `${CASES_PER_ROUTE} sampled cases per route`;
// The pass through the dashboard's proxy re-sends a smaller sample; FUZZ_FULL=1 sends it every case too.
const DASHBOARD_CASES_PER_ROUTE = process.env.FUZZ_FULL === '1' ? Infinity : 3;

/**
 * Malformed requests to every route of every service (broken JSON, wrong types, huge values, invalid UTF-8, wrong
 * content types, unknown fields, ids that are not ids, bad query values, bad credentials), each with the right
 * credentials otherwise: every answer is a 4xx with an error message, no service dies, and nothing is written.
 */
describe(`fuzz: every route refuses malformed requests (FUZZ_SEED=${SEED}, ${SAMPLE})`, () => {
  const chain = new ChainStack();
  const dashboard = new DashboardServer();
  let tenant: Tenant;
  let resources: TenantResources;
  let countsBefore: Record<string, number>;
  let blobsBefore: string[];

  beforeAll(async () => {
    await chain.start();
    tenant = await chain.createTenant('Fuzzed tenant');
    resources = await seedTenantResources(chain, tenant, 5);
    // The seeded merge runs in the background: counted before it ends, its model would land mid-fuzz as a write.
    await waitUntil(
      () => chain.expectOk<{ status: string }>('training-service', 'GET', `/v1/models/merges/${resources.mergeId}`, { token: tenant.key }),
      (merge) => ['succeeded', 'failed', 'cancelled'].includes(merge.status),
      { timeoutMs: 240_000, intervalMs: 1_000, what: 'the seeded merge to end' },
    );
    countsBefore = await chain.settledRowCounts();
    blobsBefore = filesUnder(chain.dir);
    expect(blobsBefore.length).toBeGreaterThan(0); // the seeded resources' blobs: a listing that can change
    await dashboard.start(chain.stack);
  });
  afterAll(async () => {
    await dashboard.stop();
    await chain.teardown();
  });

  const tokenFor = (route: Route) => (route.audience === 'tenant' ? tenant.key : route.audience === 'admin' ? chain.adminToken : null);

  it('answers each with a 4xx and an error message, never a 5xx', async () => {
    console.info(`chain fuzz: FUZZ_SEED=${SEED}, ${SAMPLE} (FUZZ_FULL=1 sends every case)`);
    const random = new SeededRandom(SEED);
    const builder = new FuzzCaseBuilder(random, resources);
    const wrong: string[] = [];
    let sent = 0;
    for (const route of ROUTES) {
      const sampled = shuffled(builder.casesFor(route, tokenFor(route)), random).slice(0, CASES_PER_ROUTE);
      for (const { what, request } of [...builder.edgeCases(route, tokenFor(route)), ...sampled]) {
        const reply = await sendRaw(chain.baseUrl(route.service), request).catch((error: Error) => ({ status: 0, json: undefined, text: String(error) }));
        sent++;
        if (reply.status < 400 || reply.status > 499 || errorMessage(reply.json) === null) {
          wrong.push(`${routeKey(route)} | ${what} → ${reply.status} ${reply.text.slice(0, 160).replace(/\s+/g, ' ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThan(ROUTES.length * 5);
  });

  // A sample of each route's cases (its edge bodies and DASHBOARD_CASES_PER_ROUTE others), sent through the dashboard
  // server's proxy, and the requests only the dashboard's own routing sees.
  it('answers each through the dashboard server with a 4xx and an error message too', async () => {
    const random = new SeededRandom(SEED + 1);
    const builder = new FuzzCaseBuilder(random, resources);
    const cases = ROUTES.flatMap((route) =>
      [...builder.edgeCases(route, tokenFor(route)), ...shuffled(builder.casesFor(route, tokenFor(route)), random).slice(0, DASHBOARD_CASES_PER_ROUTE)].map((c) => ({
        key: routeKey(route),
        ...throughDashboard(route, c),
      })),
    );
    const wrong: string[] = [];
    for (const { key, what, request } of [...DASHBOARD_CASES.map((c) => ({ key: 'dashboard', ...c })), ...cases]) {
      const reply = await sendRaw(dashboard.url, request).catch((error: Error) => ({ status: 0, json: undefined, text: String(error) }));
      if (reply.status < 400 || reply.status > 499 || errorMessage(reply.json) === null) {
        wrong.push(`${key} | ${what} → ${reply.status} ${reply.text.slice(0, 160).replace(/\s+/g, ' ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('leaves every process running (each service and the training worker)', async () => {
    expect((await sendRaw(dashboard.url, { method: 'GET', path: '/health/live' }).catch(() => ({ status: 0 }))).status).toBe(200);
    for (const process of [...chain.stack.services.values(), ...chain.stack.workers]) {
      const live = await sendRaw(process.baseUrl, { method: 'GET', path: '/health/live' }).catch(() => ({ status: 0 }));
      expect({ process: `${process.name} ${process.entry}`, live: live.status }).toEqual({ process: `${process.name} ${process.entry}`, live: 200 });
    }
  });

  it('writes nothing: no row and no blob', async () => {
    expect(await chain.rowCounts()).toEqual(countsBefore);
    expect(filesUnder(chain.dir)).toEqual(blobsBefore);
  });
});

function shuffled<T>(items: T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
