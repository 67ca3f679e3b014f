import { ServiceStack } from '@llmchain/testing';
import { BillingApi, billingRows, planBody, startBilling } from './billing-api';

const DAY = 86_400_000;
const now = new Date();
const lastMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const lastPeriod = lastMonthStart.toISOString().slice(0, 7);
const daysInLastMonth = new Date(Date.UTC(lastMonthStart.getUTCFullYear(), lastMonthStart.getUTCMonth() + 1, 0)).getUTCDate();
const lastMonthDay = (day: number) => new Date(lastMonthStart.getTime() + (day - 1) * DAY).toISOString().slice(0, 10);

type Invoice = { id: string; number: number; status: string; totalMinor: string; lines: { kind: string; amountMinor: string; description: string }[] };

/** A subscription that ends, and invoices voided: what the month's bill becomes and what may still happen to it. */
describe('billing-service subscription and invoice lifecycle', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let admin: string;
  let planId: string;

  beforeAll(async () => {
    ({ stack, api } = await startBilling());
    admin = await api.loginAdmin();
    planId = (await api.call('POST', '/admin/plans', admin, planBody({ code: 'lifecycle', monthlyFeeMinor: 3_100, includedTokens: 1_000 }))).body.id;
  });
  afterAll(() => stack?.teardown());

  /** A tenant on the plan since the first of last month, with a key of its own. */
  async function subscribedTenant(name: string): Promise<{ id: string; key: string }> {
    const tenant = await api.call('POST', '/admin/tenants', admin, { name });
    const key = await api.call('POST', `/admin/tenants/${tenant.body.id}/api-keys`, admin, { name: 'k', scopes: ['serving'] });
    expect((await api.call('PUT', `/admin/tenants/${tenant.body.id}/subscription`, admin, { planId, startsOn: lastMonthDay(1) })).status).toBe(200);
    return { id: tenant.body.id, key: key.body.key };
  }

  it('bills a cancelled subscription to the day it ended, and nothing after it', async () => {
    const tenant = await subscribedTenant('Leaving');
    // endsOn is the first day off the plan: days 1-15 are billed.
    const cancelled = await api.call('POST', `/admin/tenants/${tenant.id}/subscription/cancel`, admin, { endsOn: lastMonthDay(16) });
    expect(cancelled.status).toBe(201);
    const invoice = (await api.call<Invoice>('POST', '/admin/invoices', admin, { tenantId: tenant.id, period: lastPeriod })).body;
    const fees = invoice.lines.filter((l) => l.kind === 'base_fee');
    expect(fees.map((l) => l.amountMinor)).toEqual([String(Math.round((3_100 * 15) / daysInLastMonth))]);
    expect(fees[0].description).toContain(`prorated 15/${daysInLastMonth} days (days 1-15)`);
    // No subscription runs now: the open period has nothing to bill.
    expect((await api.call('GET', '/v1/invoices/upcoming', tenant.key)).status).toBe(409);
    expect((await api.call('POST', `/admin/tenants/${tenant.id}/subscription/cancel`, admin, {})).status).toBe(404);
  });

  it('voids a draft or an issued invoice once; a void one cannot be issued, paid or voided again (409 saying why)', async () => {
    const tenants = [await subscribedTenant('Draft voided'), await subscribedTenant('Issued voided')];
    const [draft, issued] = await Promise.all(
      tenants.map(async (t) => (await api.call<Invoice>('POST', '/admin/invoices', admin, { tenantId: t.id, period: lastPeriod })).body),
    );
    expect((await api.call<Invoice>('POST', `/admin/invoices/${issued.id}/issue`, admin)).body.status).toBe('issued');
    for (const invoice of [draft, issued]) {
      const voided = await api.call<Invoice>('POST', `/admin/invoices/${invoice.id}/void`, admin);
      expect(voided.body).toMatchObject({ id: invoice.id, status: 'void', totalMinor: invoice.totalMinor });
      for (const action of ['issue', 'pay', 'void']) {
        const refused = await api.call<{ message: string }>('POST', `/admin/invoices/${invoice.id}/${action}`, admin);
        expect({ action, status: refused.status, message: refused.body.message }).toEqual({
          action,
          status: 409,
          message: expect.stringContaining(`invoice ${invoice.number}: it is void`),
        });
      }
    }
    expect((await api.call<Invoice>('GET', `/admin/invoices/${issued.id}`, admin)).body.status).toBe('void');
  });

  it('answers 409 naming the invoice when its stored lines no longer match the subscriptions and ledger they came from', async () => {
    const tenant = await subscribedTenant('Drifted');
    const invoice = (await api.call<Invoice>('POST', '/admin/invoices', admin, { tenantId: tenant.id, period: lastPeriod })).body;
    expect((await api.call<Invoice>('POST', `/admin/invoices/${invoice.id}/issue`, admin)).body.status).toBe('issued');
    expect((await api.call('GET', `/v1/invoices/${invoice.id}/usage`, tenant.key)).status).toBe(200);
    // The stored base fee drifts from what the plan and the days on it give (a restore, a hand edit).
    await billingRows(stack, `UPDATE invoice_lines SET amount_minor = amount_minor + 1 WHERE invoice_id = $1 AND kind = 'base_fee'`, [invoice.id]);
    for (const [path, token] of [[`/admin/invoices/${invoice.id}/usage`, admin], [`/v1/invoices/${invoice.id}/usage`, tenant.key]]) {
      const refused = await api.call<{ message: string }>('GET', path, token);
      expect({ path, status: refused.status, message: refused.body.message }).toEqual({
        path,
        status: 409,
        message: `invoice ${invoice.number} no longer matches the subscriptions and ledger it was computed from, so its usage cannot be traced to its lines`,
      });
    }
  });
});
