import { TOPICS } from '@llmchain/contracts';
import { ServiceStack, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { ADMIN, BillingApi, billingRows, planBody, startBilling } from './billing-api';
import { UsageProducer, usageEvent } from './usage-producer';

const DAY = 86_400_000;
const now = new Date();
const currentPeriod = now.toISOString().slice(0, 7);
const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
const dayOfMonth = (day: number) => new Date(monthStart.getTime() + (day - 1) * DAY + 12 * 3_600_000);
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** What a dashboard's admin pages do: edit and delete tenants and users, page through lists, chart platform usage. */
describe('billing-service admin management', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let admin: string;
  let producer: UsageProducer;

  beforeAll(async () => {
    ({ stack, api } = await startBilling());
    producer = new UsageProducer(stack.topicPrefix);
    await producer.connect();
    admin = await api.loginAdmin();
  });
  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await stack?.teardown();
  });

  const newTenant = async (name: string, extra: object = {}) => {
    const created = await api.call('POST', '/admin/tenants', admin, { name, ...extra });
    expect(created.status).toBe(201);
    return created.body as { id: string; name: string };
  };

  it('renames a tenant and changes or clears its contact and billing emails', async () => {
    const tenant = await newTenant('Acme', { contactEmail: 'ops@acme.test' });
    expect(tenant).toMatchObject({ name: 'Acme', contactEmail: 'ops@acme.test', billingEmail: null, status: 'active' });
    const edited = await api.call('PATCH', `/admin/tenants/${tenant.id}`, admin, { name: 'Acme Corp', billingEmail: 'ap@acme.test', contactEmail: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Acme Corp', contactEmail: null, billingEmail: 'ap@acme.test' });
    expect((await api.call('GET', `/admin/tenants/${tenant.id}`, admin)).body).toMatchObject({ name: 'Acme Corp', billingEmail: 'ap@acme.test' });
    const empty = await api.call('PATCH', `/admin/tenants/${tenant.id}`, admin, {});
    expect(empty.status).toBe(400);
    expect(empty.body.message.join(' ')).toMatch(/at least one of name, contactEmail, billingEmail/);
    const bad = await api.call('PATCH', `/admin/tenants/${tenant.id}`, admin, { billingEmail: 'not-an-email', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.message.join(' ')).toMatch(/billingEmail: must be an email address/);
    expect((await api.call('GET', `/admin/tenants/${tenant.id}`, admin)).body.name).toBe('Acme Corp');
  });

  it('deletes a tenant billing holds nothing for, revoking its keys everywhere; refuses one with usage or invoices (409)', async () => {
    const plans = await api.call('POST', '/admin/plans', admin, planBody({ code: 'starter' }));
    const idle = await newTenant('Never used');
    await api.call('PUT', `/admin/tenants/${idle.id}/subscription`, admin, { planId: plans.body.id });
    const key = await api.call('POST', `/admin/tenants/${idle.id}/api-keys`, admin, { name: 'k', scopes: ['serving'] });
    await api.call('POST', `/admin/tenants/${idle.id}/users`, admin, { email: 'idle@idle.test', password: 'tenant user password' });
    expect((await api.call('DELETE', `/admin/tenants/${idle.id}`, admin)).status).toBe(204);
    expect((await api.call('GET', `/admin/tenants/${idle.id}`, admin)).status).toBe(404);
    expect((await api.call('GET', '/v1/tenant', key.body.key)).status).toBe(401);
    expect((await api.call('POST', '/auth/login', null, { email: 'idle@idle.test', password: 'tenant user password' })).status).toBe(401);
    const revoked = await billingRows<{ topic: string }>(stack, `SELECT topic FROM outbox_events WHERE payload->'data'->>'apiKeyId' = $1 ORDER BY id`, [key.body.id]);
    expect(revoked.map((e) => e.topic)).toEqual([TOPICS.apiKeyCreated, TOPICS.apiKeyRevoked]);

    const busy = await newTenant('Has usage');
    await producer.send([usageEvent({ tenantId: busy.id, model: 'm', promptTokens: 5, completionTokens: 0 })]);
    await waitUntil(() => billingRows(stack, `SELECT 1 FROM usage_ledger WHERE tenant_id = $1`, [busy.id]), (rows) => rows.length === 1, { what: 'the usage in the ledger' });
    const refused = await api.call('DELETE', `/admin/tenants/${busy.id}`, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/usage in the ledger.*suspend it instead.*\/suspend/);
    expect((await api.call('GET', `/admin/tenants/${busy.id}`, admin)).status).toBe(200);
  });

  it("edits, deactivates, resets and deletes a tenant's users; deactivation and a new password end their sessions", async () => {
    const tenant = await newTenant('People');
    const user = (await api.call('POST', `/admin/tenants/${tenant.id}/users`, admin, { email: 'ann@people.test', password: 'first password ok' })).body;
    const session = (await api.call('POST', '/auth/login', null, { email: 'ann@people.test', password: 'first password ok' })).body.token;
    expect((await api.call('GET', '/v1/tenant', session)).status).toBe(200);

    const renamed = await api.call('PATCH', `/admin/tenants/${tenant.id}/users/${user.id}`, admin, { email: 'ann.b@people.test' });
    expect(renamed.body).toMatchObject({ id: user.id, email: 'ann.b@people.test', deactivatedAt: null });
    expect((await api.call('PATCH', `/admin/tenants/${tenant.id}/users/${user.id}`, admin, { email: ADMIN.email })).status).toBe(409);

    const deactivated = await api.call('POST', `/admin/tenants/${tenant.id}/users/${user.id}/deactivate`, admin);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.deactivatedAt).toEqual(expect.any(String));
    expect((await api.call('GET', '/v1/tenant', session)).status).toBe(401);
    const refusedLogin = await api.call('POST', '/auth/login', null, { email: 'ann.b@people.test', password: 'first password ok' });
    expect(refusedLogin.status).toBe(403);
    expect(refusedLogin.body.message).toMatch(/deactivated/);
    expect((await api.call('POST', `/admin/tenants/${tenant.id}/users/${user.id}/reactivate`, admin)).body.deactivatedAt).toBeNull();

    const relogged = (await api.call('POST', '/auth/login', null, { email: 'ann.b@people.test', password: 'first password ok' })).body.token;
    const chosen = await api.call('POST', `/admin/tenants/${tenant.id}/users/${user.id}/password`, admin, { password: 'second password ok' });
    expect(chosen.body).toMatchObject({ user: { id: user.id }, generatedPassword: null });
    expect((await api.call('GET', '/v1/tenant', relogged)).status).toBe(401);
    expect((await api.call('POST', '/auth/login', null, { email: 'ann.b@people.test', password: 'first password ok' })).status).toBe(401);
    const generated = await api.call('POST', `/admin/tenants/${tenant.id}/users/${user.id}/password`, admin, {});
    expect(generated.body.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await api.call('POST', '/auth/login', null, { email: 'ann.b@people.test', password: generated.body.generatedPassword })).status).toBe(200);
    expect((await api.call('POST', `/admin/tenants/${tenant.id}/users/${user.id}/password`, admin, { password: 'short' })).status).toBe(400);

    expect((await api.call('DELETE', `/admin/tenants/${tenant.id}/users/${user.id}`, admin)).status).toBe(204);
    expect((await api.call('GET', `/admin/tenants/${tenant.id}/users/${user.id}`, admin)).status).toBe(404);
    expect(await billingRows(stack, `SELECT 1 FROM sessions WHERE user_id = $1`, [user.id])).toHaveLength(0);
  });

  it('keeps an active admin: no admin deactivates or deletes themselves', async () => {
    const me = (await api.call('GET', '/admin/admins', admin)).body.data.find((a: { email: string }) => a.email === ADMIN.email);
    for (const action of ['deactivate', 'delete'] as const) {
      const refused = action === 'delete' ? await api.call('DELETE', `/admin/admins/${me.id}`, admin) : await api.call('POST', `/admin/admins/${me.id}/deactivate`, admin);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/your own account/);
    }
    const second = (await api.call('POST', '/admin/admins', admin, { email: 'second@llmchain.test', password: 'second admin password' })).body;
    const secondSession = (await api.call('POST', '/auth/login', null, { email: 'second@llmchain.test', password: 'second admin password' })).body.token;
    expect((await api.call('POST', `/admin/admins/${me.id}/deactivate`, secondSession)).status).toBe(200);
    expect((await api.call('GET', '/admin/tenants', admin)).status).toBe(401);
    expect((await api.call('DELETE', `/admin/admins/${second.id}`, secondSession)).status).toBe(409);
    expect((await api.call('POST', `/admin/admins/${me.id}/reactivate`, secondSession)).status).toBe(200);
    admin = await api.loginAdmin();
    expect((await api.call('DELETE', `/admin/admins/${second.id}`, admin)).status).toBe(204);
    expect((await api.call('GET', '/admin/admins', admin)).body.data.map((a: { email: string }) => a.email)).toEqual([ADMIN.email]);
  });

  it('pages every admin list with limit and after, with the total; without them answers the first page of 20', async () => {
    const whole = (await api.call('GET', '/admin/tenants?limit=100', admin)).body.data as { id: string }[];
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { body: any } = await api.call('GET', `/admin/tenants?limit=2${after ? `&after=${after}` : ''}`, admin);
      expect(page.body).toMatchObject({ object: 'list', total: whole.length });
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((t: { id: string }) => t.id));
      if (!page.body.has_more) break;
      after = page.body.last_id;
    }
    expect(seen).toEqual(whole.map((t) => t.id));

    const tenant = whole[0].id;
    for (const name of ['a', 'b', 'c']) await api.call('POST', `/admin/tenants/${tenant}/api-keys`, admin, { name, scopes: ['data'] });
    const firstKeys = await api.call('GET', `/admin/tenants/${tenant}/api-keys?limit=2`, admin);
    expect(firstKeys.body).toMatchObject({ total: 3, has_more: true, first_id: firstKeys.body.data[0].id, last_id: firstKeys.body.data[1].id });
    const restKeys = await api.call('GET', `/admin/tenants/${tenant}/api-keys?limit=2&after=${firstKeys.body.last_id}`, admin);
    expect(restKeys.body).toMatchObject({ total: 3, has_more: false });
    expect(restKeys.body.data.map((k: { name: string }) => k.name)).toEqual(['c']);

    for (const path of ['/admin/plans?includeRetired=true', '/admin/admins', `/admin/tenants/${tenant}/users`, `/admin/tenants/${tenant}/subscriptions`, '/admin/invoices']) {
      const list = (await api.call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=100`, admin)).body.data as { id: string }[];
      const page = await api.call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=1`, admin);
      expect({ path, page: page.body }).toMatchObject({ path, page: { object: 'list', total: list.length, data: list.slice(0, 1), has_more: list.length > 1 } });
    }
    // Without limit: the first page of 20, never the whole table.
    for (let n = whole.length; n <= 20; n += 1) await newTenant(`Filler ${n}`);
    const firstPage = await api.call('GET', '/admin/tenants', admin);
    expect(firstPage.body).toMatchObject({ object: 'list', has_more: true, total: Math.max(whole.length, 21) });
    expect(firstPage.body.data).toHaveLength(20);
    const suspended = await api.call('GET', '/admin/tenants?status=suspended&limit=5', admin);
    expect(suspended.body).toMatchObject({ total: 0, data: [], has_more: false, first_id: null, last_id: null });
    expect((await api.call('GET', '/admin/tenants?q=ACME&limit=5', admin)).body.data.map((t: { name: string }) => t.name)).toEqual(['Acme Corp']);
    for (const bad of ['limit=0', 'limit=101', 'after=nope', 'page=2']) {
      const refused = await api.call('GET', `/admin/tenants?${bad}`, admin);
      expect({ bad, status: refused.status }).toEqual({ bad, status: 400 });
    }
  });

  it('reports usage of all tenants by day, model and meter, with the top tenants, for a month or a day range', async () => {
    const big = await newTenant('Big user');
    const small = await newTenant('Small user');
    await producer.send([
      usageEvent({ tenantId: big.id, model: 'gpt-large', promptTokens: 1_000, completionTokens: 500, occurredAt: dayOfMonth(1) }),
      usageEvent({ tenantId: big.id, model: 'gpt-small', promptTokens: 300, completionTokens: 200, occurredAt: dayOfMonth(2) }),
      usageEvent({ tenantId: small.id, model: 'gpt-small', promptTokens: 40, completionTokens: 10, occurredAt: dayOfMonth(2) }),
      usageEvent({ tenantId: 'tenant-billing-never-issued', model: 'gpt-small', promptTokens: 7, completionTokens: 0, occurredAt: dayOfMonth(1) }),
    ]);
    const training = {
      id: randomUUID(),
      type: TOPICS.trainingJobCompleted,
      version: 1,
      occurredAt: dayOfMonth(2).toISOString(),
      producer: 'training-service',
      data: { tenantId: small.id, jobId: randomUUID(), modelId: null, status: 'succeeded', trainedTokens: 2_000 },
    };
    await producer.send([training], TOPICS.trainingJobCompleted);
    const report = await waitUntil(
      () => api.call('GET', `/admin/usage?period=${currentPeriod}&top=2`, admin),
      // With the 5 prompt tokens "Has usage" (the deletion test) used today: the report reads one snapshot, so once the
      // total is complete every part of it is.
      (r) => r.status === 200 && r.body.totals.total === '4062',
      { what: 'all usage in the platform report' },
    );
    const today = isoDate(now);
    expect(report.body).toMatchObject({ from: isoDate(monthStart), period: currentPeriod, meters: ['prompt', 'completion', 'training', 'batch_prompt', 'batch_completion'] });
    expect(report.body.byDay).toHaveLength(daysInMonth);
    expect(report.body.totals).toEqual({ prompt: '1352', completion: '710', training: '2000', batch_prompt: '0', batch_completion: '0', total: '4062' });
    expect(report.body.tenantsWithUsage).toBe(4);
    expect(report.body.byMeter).toEqual([
      { meter: 'prompt', tokens: '1352', events: '5' },
      { meter: 'completion', tokens: '710', events: '3' },
      { meter: 'training', tokens: '2000', events: '1' },
      { meter: 'batch_prompt', tokens: '0', events: '0' },
      { meter: 'batch_completion', tokens: '0', events: '0' },
    ]);
    const day1 = report.body.byDay.find((d: { day: string }) => d.day === isoDate(dayOfMonth(1)));
    expect(day1).toEqual({ day: isoDate(dayOfMonth(1)), prompt: String(1_007 + (today === isoDate(dayOfMonth(1)) ? 5 : 0)), completion: '500', training: '0', batch_prompt: '0', batch_completion: '0', total: String(1_507 + (today === isoDate(dayOfMonth(1)) ? 5 : 0)) });
    expect(report.body.byModel.map((m: { model: string }) => m.model)).toContain('gpt-large');
    expect(report.body.topTenants).toEqual([
      { tenantId: small.id, name: 'Small user', prompt: '40', completion: '10', training: '2000', batch_prompt: '0', batch_completion: '0', total: '2050' },
      { tenantId: big.id, name: 'Big user', prompt: '1300', completion: '700', training: '0', batch_prompt: '0', batch_completion: '0', total: '2000' },
    ]);

    const range = await api.call('GET', `/admin/usage?from=${isoDate(dayOfMonth(2))}&to=${isoDate(dayOfMonth(2))}`, admin);
    expect(range.body).toMatchObject({ period: null, byDay: [{ day: isoDate(dayOfMonth(2)) }] });
    expect(range.body.topTenants.map((t: { tenantId: string }) => t.tenantId).slice(0, 2)).toEqual([small.id, big.id]);
    for (const bad of [`period=${currentPeriod}&from=${isoDate(now)}&to=${isoDate(now)}`, `from=${isoDate(now)}`, 'from=2026-02-01&to=2026-01-01', 'from=2024-01-01&to=2026-01-01', 'top=0', 'period=2026-13']) {
      const refused = await api.call('GET', `/admin/usage?${bad}`, admin);
      expect({ bad, status: refused.status }).toEqual({ bad, status: 400 });
    }
  });
});
