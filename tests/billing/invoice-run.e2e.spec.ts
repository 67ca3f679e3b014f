import { infraEnv, ServiceStack, waitUntil } from '@llmchain/testing';
import Redis from 'ioredis';
import { addBilling, addBillingReplica, BillingApi, billingRows, planBody } from './billing-api';

const now = new Date();
const lastMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const thisMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const lastPeriod = lastMonthStart.toISOString().slice(0, 7);
const MONTHLY_FEE = 3_100;
// Each replica ticks every second: the scheduled run and the admins' manual runs overlap all the time.
const RUN_ENV = { INVOICE_RUN_INTERVAL_MS: '1000' };

type InvoiceRow = { tenant_id: string; number: number; total_minor: string };

/**
 * The scheduled monthly invoice run (ReplicaLease, every INVOICE_RUN_INTERVAL_MS) with two billing-service replicas on
 * one database, racing each other and manual runs: every tenant due for last month gets exactly one draft, numbers
 * have no gaps, and tenants subscribed after a run are picked up by a later one.
 */
describe('billing-service scheduled invoice run across two replicas', () => {
  const stack = new ServiceStack();
  const redis = new Redis(infraEnv().REDIS_URL);
  let replicas: BillingApi[];
  let admin: string;
  let planId: string;

  // Fencing tokens grow with each run any replica starts: a run that began after a moment finished after it too.
  const fenceKey = `llmchain:lease:{${stack.topicPrefix}billing-service:invoice-run}:fence`;
  const runsStarted = async () => Number((await redis.get(fenceKey)) ?? 0);
  const invoicesOfLastMonth = () =>
    billingRows<InvoiceRow>(stack, `SELECT tenant_id::text, number, total_minor::text FROM invoices WHERE period = $1 ORDER BY number`, [lastPeriod]);

  async function tenantSince(name: string, startsOn: Date | null): Promise<string> {
    const tenant = await replicas[0].call('POST', '/admin/tenants', admin, { name });
    if (startsOn) {
      const subscribed = await replicas[0].call('PUT', `/admin/tenants/${tenant.body.id}/subscription`, admin, { planId, startsOn: startsOn.toISOString().slice(0, 10) });
      expect(subscribed.status).toBe(200);
    }
    return tenant.body.id;
  }

  /** Waits until two more runs have started and the last of them has finished (none holds the lease). */
  async function twoMoreRuns(): Promise<void> {
    const from = await runsStarted();
    await waitUntil(runsStarted, (n) => n >= from + 2, { timeoutMs: 20_000, what: 'two more scheduled runs' });
    const holder = fenceKey.replace(/:fence$/, ':holder');
    await waitUntil(() => redis.exists(holder), (held) => held === 0, { timeoutMs: 20_000, what: 'the running invoice run to finish' });
  }

  beforeAll(async () => {
    replicas = [await addBilling(stack, RUN_ENV), await addBillingReplica(stack, RUN_ENV)];
    await stack.startAll();
    admin = await replicas[0].loginAdmin();
    planId = (await replicas[0].call('POST', '/admin/plans', admin, planBody({ code: 'run', monthlyFeeMinor: MONTHLY_FEE, includedTokens: 1_000 }))).body.id;
  });
  afterAll(async () => {
    redis.disconnect();
    await stack.teardown();
  });

  it('drafts exactly one invoice per tenant due, whichever replica or manual run gets there first', async () => {
    const due = await Promise.all(['Due A', 'Due B', 'Due C', 'Due D'].map((name) => tenantSince(name, lastMonthStart)));
    const notDue = [await tenantSince('Started this month', thisMonthStart), await tenantSince('Never subscribed', null)];
    // Both replicas are asked at once too, while their schedulers tick.
    const manual = await Promise.all(replicas.map((replica) => replica.call('POST', '/admin/invoices/run', admin, { period: lastPeriod })));
    for (const reply of manual) expect(reply.body).toMatchObject({ period: lastPeriod });
    await waitUntil(invoicesOfLastMonth, (rows) => rows.length >= due.length, { what: 'the due tenants’ invoices' });
    await twoMoreRuns();

    const invoices = await invoicesOfLastMonth();
    expect(invoices.map((i) => i.tenant_id).sort()).toEqual([...due].sort());
    expect(invoices.map((i) => i.number)).toEqual(invoices.map((_, i) => invoices[0].number + i));
    // A whole month on the plan without usage: the monthly fee and nothing else.
    expect(invoices.map((i) => i.total_minor)).toEqual(due.map(() => String(MONTHLY_FEE)));
    const strays = await billingRows(stack, `SELECT 1 FROM invoices WHERE tenant_id = ANY($1::uuid[])`, [notDue]);
    expect(strays).toEqual([]);
  });

  it('picks up a tenant subscribed for last month after a run, on a later scheduled run, once', async () => {
    const before = await invoicesOfLastMonth();
    const late = await tenantSince('Backdated', new Date(lastMonthStart.getTime() + 9 * 86_400_000));
    await waitUntil(invoicesOfLastMonth, (rows) => rows.some((r) => r.tenant_id === late), { timeoutMs: 20_000, what: 'the backdated tenant’s invoice' });
    await twoMoreRuns();
    const after = await invoicesOfLastMonth();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toEqual([{ tenant_id: late, number: before[before.length - 1].number + 1, total_minor: expect.any(String) }]);
    const days = new Date(Date.UTC(lastMonthStart.getUTCFullYear(), lastMonthStart.getUTCMonth() + 1, 0)).getUTCDate();
    expect(after[after.length - 1].total_minor).toBe(String(Math.round((MONTHLY_FEE * (days - 9)) / days)));
  });
});
