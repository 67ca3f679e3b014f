import { ChainStack, CHAIN_SERVICES, Tenant } from './chain-stack';
import { mappedRoutes } from './mapped-routes';
import { errorMessage } from './raw-http';
import { fillPath, Route, routeKey, ROUTES } from './route-table';
import { seedTenantResources, TenantResources } from './tenant-resources';

/**
 * Tenants never see each other's data, across every service: tenant A's key on tenant B's ids answers 404, a tenant
 * key on an admin route 403, and no credentials 401, on every route the services map.
 */
describe('tenant isolation across billing, data, serving and training', () => {
  const chain = new ChainStack();
  let tenantA: Tenant;
  let tenantB: Tenant;
  let resourcesB: TenantResources;
  let countsBefore: Record<string, number>;

  beforeAll(async () => {
    await chain.start();
    tenantA = await chain.createTenant('Tenant A');
    tenantB = await chain.createTenant('Tenant B');
    resourcesB = await seedTenantResources(chain, tenantB, 3);
    countsBefore = await chain.settledRowCounts();
  });
  afterAll(() => chain.teardown());

  const routesOf = (audience: Route['audience']) => ROUTES.filter((r) => r.audience === audience);
  const request = (route: Route, token: string | null, resources: TenantResources) =>
    chain.call(route.service, route.method, fillPath(route, route.params?.(resources) ?? {}), { token, json: route.json?.(resources) });
  const idsOf = (resources: TenantResources) => Object.values(resources);

  it('names in its route table exactly the routes the running services map', () => {
    const mapped = CHAIN_SERVICES.flatMap((service) => mappedRoutes(chain.stack.get(service)).map((r) => routeKey({ service, ...r })));
    const listed = ROUTES.map(routeKey);
    expect({ missingFromTable: mapped.filter((k) => !listed.includes(k)), notMapped: listed.filter((k) => !mapped.includes(k)) }).toEqual({
      missingFromTable: [],
      notMapped: [],
    });
    expect(new Set(listed).size).toBe(listed.length);
    for (const route of routesOf('tenant')) expect({ route: routeKey(route), isolation: route.isolation?.kind }).toEqual({ route: routeKey(route), isolation: expect.any(String) });
  });

  it('answers tenant A with 404 on every route naming tenant B\'s resources', async () => {
    const routes = routesOf('tenant').filter((r) => r.isolation?.kind === 'path' || r.isolation?.kind === 'body');
    const answers = [];
    for (const route of routes) {
      const reply = await request(route, tenantA.key, resourcesB);
      answers.push({ route: routeKey(route), status: reply.status, message: errorMessage(reply.json) !== null });
    }
    expect(answers).toEqual(routes.map((route) => ({ route: routeKey(route), status: 404, message: true })));
  });

  it('lists none of tenant B\'s resources to tenant A, and lists them to tenant B', async () => {
    for (const route of routesOf('tenant').filter((r) => r.isolation?.kind === 'list')) {
      const forA = await request(route, tenantA.key, resourcesB);
      const forB = await request(route, tenantB.key, resourcesB);
      expect({ route: routeKey(route), statusA: forA.status, statusB: forB.status }).toEqual({ route: routeKey(route), statusA: 200, statusB: 200 });
      expect({ route: routeKey(route), leaked: idsOf(resourcesB).filter((id) => forA.text.includes(id)) }).toEqual({ route: routeKey(route), leaked: [] });
      expect({ route: routeKey(route), shown: idsOf(resourcesB).some((id) => forB.text.includes(id)) }).toEqual({ route: routeKey(route), shown: true });
    }
  });

  it('shows tenant B its own resources on the same reading routes (so the 404s are isolation, not bad ids)', async () => {
    for (const route of routesOf('tenant').filter((r) => r.isolation?.kind === 'path' && r.method === 'GET')) {
      expect({ route: routeKey(route), status: (await request(route, tenantB.key, resourcesB)).status }).toEqual({ route: routeKey(route), status: 200 });
    }
  });

  it('answers a tenant key with 403 on every admin route', async () => {
    const routes = routesOf('admin');
    const answers = [];
    for (const route of routes) answers.push({ route: routeKey(route), status: (await request(route, tenantA.key, resourcesB)).status });
    expect(answers).toEqual(routes.map((route) => ({ route: routeKey(route), status: 403 })));
  });

  it('answers no credentials, and an unknown key, with 401 on every tenant and admin route', async () => {
    const routes = ROUTES.filter((r) => r.audience !== 'open');
    const answers = [];
    for (const route of routes) {
      const anonymous = await request(route, null, resourcesB);
      const unknown = await request(route, `llmk_00000000_${'0'.repeat(43)}`, resourcesB);
      answers.push({ route: routeKey(route), anonymous: anonymous.status, unknown: unknown.status, message: errorMessage(anonymous.json) !== null });
    }
    expect(answers).toEqual(routes.map((route) => ({ route: routeKey(route), anonymous: 401, unknown: 401, message: true })));
  });

  it('changed nothing with any refused call', async () => {
    expect(await chain.rowCounts()).toEqual(countsBefore);
    expect((await chain.call('serving-service', 'GET', `/v1/models/${resourcesB.modelName}`, { token: tenantB.key })).status).toBe(200);
  });
});
