import { TOPICS } from '@llmchain/contracts';
import { ServiceStack, testKafka, waitConsumerCaughtUp, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { BillingApi, billingRows, planBody, startBilling } from './billing-api';
import { UsageProducer, usageEvent } from './usage-producer';

const DAY = 86_400_000;
const now = new Date();
const currentPeriod = now.toISOString().slice(0, 7);
const lastMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const lastPeriod = lastMonthStart.toISOString().slice(0, 7);
const lastMonthDay = (day: number) => new Date(lastMonthStart.getTime() + (day - 1) * DAY + 12 * 3_600_000);
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** The first `count` messages of a topic, with their headers as text. */
async function readTopic(topic: string, count: number): Promise<{ headers: Record<string, string> }[]> {
  const consumer = testKafka().consumer({ groupId: `reader-${randomUUID()}` });
  const seen: { headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({ headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])) });
    },
  });
  await waitUntil(async () => seen.length, (n) => n >= count, { what: `${count} messages on ${topic}` });
  await consumer.disconnect();
  return seen;
}

/**
 * Usage from Kafka into the ledger, read back per period, day and model; quota events; invoices for a closed
 * month with a prorated plan change, numbered, rendered, issued and paid; late usage as the next month's adjustment.
 */
describe('billing-service ledger, quotas and invoices', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let admin: string;
  let producer: UsageProducer;
  const tenants: { id: string; key: string }[] = [];

  const ledgerTokens = async (tenantId: string) =>
    Number((await billingRows<{ t: string | null }>(stack, `SELECT SUM(tokens)::text AS t FROM usage_ledger WHERE tenant_id = $1`, [tenantId]))[0].t ?? 0);

  beforeAll(async () => {
    ({ stack, api } = await startBilling());
    admin = await api.loginAdmin();
    producer = new UsageProducer(stack.topicPrefix);
    await producer.connect();
    const basic = await api.call(
      'POST',
      '/admin/plans',
      admin,
      planBody({ code: 'basic', monthlyFeeMinor: 3_100, includedTokens: 1_000, quotaMode: 'hard', schedulingWeight: 3, maxConcurrentSequences: 8 }),
    );
    const pro = await api.call('POST', '/admin/plans', admin, planBody({ code: 'pro', monthlyFeeMinor: 6_200, includedTokens: 5_000, quotaMode: 'soft' }));
    for (const name of ['A', 'B']) {
      const tenant = await api.call('POST', '/admin/tenants', admin, { name });
      const key = await api.call('POST', `/admin/tenants/${tenant.body.id}/api-keys`, admin, { name: 'k', scopes: ['serving'] });
      tenants.push({ id: tenant.body.id, key: key.body.key });
      expect((await api.call('PUT', `/admin/tenants/${tenant.body.id}/subscription`, admin, { planId: basic.body.id, startsOn: isoDate(lastMonthStart) })).status).toBe(200);
    }
    // A moves to Pro on the 11th of last month: days 1-10 on Basic, the rest on Pro.
    const change = await api.call('PUT', `/admin/tenants/${tenants[0].id}/subscription`, admin, { planId: pro.body.id, startsOn: isoDate(lastMonthDay(11)) });
    expect(change.status).toBe(200);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await stack?.teardown();
  });

  it('counts every event once, duplicates and training jobs included, and reports usage by day and model', async () => {
    const [a, b] = tenants;
    const events = [
      ...Array.from({ length: 200 }, (_, i) => usageEvent({ tenantId: a.id, model: i % 2 ? 'gpt-small' : 'gpt-large', promptTokens: 10, completionTokens: 5, occurredAt: lastMonthDay(1 + (i % 20)) })),
      ...Array.from({ length: 50 }, () => usageEvent({ tenantId: a.id, model: 'gpt-small', promptTokens: 100, completionTokens: 100 })),
      ...Array.from({ length: 30 }, () => usageEvent({ tenantId: b.id, model: 'gpt-small', promptTokens: 100, completionTokens: 0 })),
    ];
    await producer.send(events);
    await producer.send(events.slice(0, 40)); // redelivered: must not count again
    const training = { id: randomUUID(), type: TOPICS.trainingJobCompleted, version: 1, occurredAt: lastMonthDay(5).toISOString(), producer: 'training-service', data: { tenantId: a.id, jobId: 'job-1', modelId: 'm-1', status: 'succeeded', trainedTokens: 7_000 } };
    await producer.send([training as never, training as never], TOPICS.trainingJobCompleted);
    await waitUntil(() => ledgerTokens(a.id), (t) => t >= 200 * 15 + 50 * 200 + 7_000, { what: "A's tokens in the ledger" });
    await waitUntil(() => ledgerTokens(b.id), (t) => t >= 30 * 100, { what: "B's tokens in the ledger" });
    // The redelivered copies are consumed too before the totals are read: they must have changed nothing.
    await waitConsumerCaughtUp(`${stack.topicPrefix}billing-service.ledger`, [TOPICS.usageRecorded, TOPICS.trainingJobCompleted].map((t) => `${stack.topicPrefix}${t}`));
    expect(await ledgerTokens(a.id)).toBe(200 * 15 + 50 * 200 + 7_000);
    expect(await ledgerTokens(b.id)).toBe(3_000);

    const last = await api.call('GET', `/v1/usage?period=${lastPeriod}`, a.key);
    expect(last.status).toBe(200);
    expect(last.body.totals).toEqual({ prompt: '2000', completion: '1000', training: '7000', batch_prompt: '0', batch_completion: '0', total: '10000' });
    expect(last.body.byDay).toHaveLength(20);
    expect(last.body.byModel.map((m: { model: string }) => m.model).sort()).toEqual(['gpt-large', 'gpt-small', 'm-1']);
    const current = await api.call('GET', '/v1/usage', a.key);
    expect(current.body).toMatchObject({ period: currentPeriod, totals: { prompt: '5000', completion: '5000', total: '10000' } });
    expect((await api.call('GET', `/admin/tenants/${a.id}/usage?period=${lastPeriod}`, admin)).body.totals.total).toBe('10000');
    expect((await api.call('GET', '/v1/usage?period=2026-13', a.key)).status).toBe(400);
  });

  it('publishes quota state: a soft quota alerts once, a hard quota stops', async () => {
    const [a, b] = tenants;
    // A (Pro, soft, 5,000 included this month) used 10,000; B (Basic, hard, 1,000 included) used none this month.
    await waitUntil(() => api.call('GET', '/v1/quota', a.key), (r) => r.status === 200 && r.body.remainingIncludedTokens === '0', { what: "A's quota" });
    const alerts = await billingRows(stack, `SELECT 1 FROM outbox_events WHERE topic = 'quota.alert' AND payload->'data'->>'tenantId' = $1`, [a.id]);
    expect(alerts).toHaveLength(1);
    expect((await api.call('GET', '/v1/quota', a.key)).body.hardStop).toBe(false);
    await producer.send([usageEvent({ tenantId: b.id, model: 'gpt-small', promptTokens: 2_000, completionTokens: 0 })]);
    await waitUntil(() => api.call('GET', '/v1/quota', b.key), (r) => r.body.hardStop === true, { what: "B's hard stop" });
    const updates = await billingRows<{ payload: { version: number; data: { hardStop: boolean } } }>(stack, `SELECT payload FROM outbox_events WHERE topic = 'quota.updated' AND payload->'data'->>'tenantId' = $1 ORDER BY id`, [b.id]);
    expect(updates[updates.length - 1].payload.data.hardStop).toBe(true);
    // v2 carries Basic's serving terms to serving's fair queue.
    expect(updates[updates.length - 1].payload).toMatchObject({ version: 2, data: { schedulingWeight: 3, maxConcurrentSequences: 8 } });
  });

  it('invoices a closed month once, prorated, numbered without gaps, and renders it', async () => {
    const [a, b] = tenants;
    expect((await api.call('POST', '/admin/invoices', admin, { tenantId: a.id, period: currentPeriod })).status).toBe(400);
    const first = await api.call('POST', '/admin/invoices', admin, { tenantId: a.id, period: lastPeriod });
    expect(first.status).toBe(201);
    const again = await api.call('POST', '/admin/invoices', admin, { tenantId: a.id, period: lastPeriod });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const run = await api.call('POST', '/admin/invoices/run', admin, { period: lastPeriod });
    expect(run.body).toEqual({ period: lastPeriod, generated: 1 });
    const numbers = (await api.call('GET', `/admin/invoices?period=${lastPeriod}`, admin)).body.data.map((i: { number: number }) => i.number);
    expect(numbers).toEqual([first.body.number, first.body.number + 1]);

    const invoice = first.body;
    const days = new Date(Date.UTC(lastMonthStart.getUTCFullYear(), lastMonthStart.getUTCMonth() + 1, 0)).getUTCDate();
    const fees = invoice.lines.filter((l: { kind: string }) => l.kind === 'base_fee');
    expect(fees.map((l: { amountMinor: string }) => l.amountMinor)).toEqual([String(Math.round((3_100 * 10) / days)), String(Math.round((6_200 * (days - 10)) / days))]);
    expect(fees[0].description).toContain(`prorated 10/${days} days`);
    const sum = invoice.lines.reduce((s: bigint, l: { amountMinor: string }) => s + BigInt(l.amountMinor), 0n);
    expect(invoice.totalMinor).toBe(sum.toString());
    const counted = invoice.lines.filter((l: { kind: string }) => ['included_tokens', 'metered'].includes(l.kind)).reduce((s: bigint, l: { quantity: string }) => s + BigInt(l.quantity), 0n);
    expect(counted).toBe(10_000n);

    expect((await api.call('GET', `/v1/invoices/${invoice.id}`, a.key)).status).toBe(404); // drafts are not shown to tenants
    expect((await api.call('POST', `/admin/invoices/${invoice.id}/pay`, admin)).status).toBe(409);
    const issued = await api.call('POST', `/admin/invoices/${invoice.id}/issue`, admin);
    expect(issued.body.status).toBe('issued');
    const announced = await billingRows<{ payload: { data: { totalMinor: string; number: number } } }>(stack, `SELECT payload FROM outbox_events WHERE topic = 'invoice.issued'`);
    expect(announced.map((e) => e.payload.data)).toEqual([expect.objectContaining({ number: invoice.number, totalMinor: invoice.totalMinor })]);
    expect((await api.call('POST', `/admin/invoices/${invoice.id}/pay`, admin)).body.status).toBe('paid');
    expect((await api.call('POST', `/admin/invoices/${invoice.id}/void`, admin)).status).toBe(409);

    expect((await api.call('GET', '/v1/invoices', a.key)).body.data.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
    for (const suffix of ['', '/html', '/pdf']) expect((await api.call('GET', `/v1/invoices/${invoice.id}${suffix}`, b.key)).status).toBe(404);
    const html = await api.call('GET', `/v1/invoices/${invoice.id}/html`, a.key);
    expect(html.contentType).toContain('text/html');
    expect(html.text).toContain(`INV-${String(invoice.number).padStart(6, '0')}`);
    const pdf = await api.call<Buffer>('GET', `/v1/invoices/${invoice.id}/pdf`, a.key);
    expect(pdf.contentType).toContain('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('bills usage that arrives after its month closed on the next invoice as an adjustment', async () => {
    const [a] = tenants;
    await producer.send([usageEvent({ tenantId: a.id, model: 'gpt-small', promptTokens: 123, completionTokens: 0, occurredAt: lastMonthDay(3) })]);
    await waitUntil(() => ledgerTokens(a.id), (t) => t >= 20_123, { what: 'the late event' });
    const rows = await billingRows<{ billed_period: string; usage_day: string }>(stack, `SELECT billed_period, usage_day::text FROM usage_ledger WHERE tenant_id = $1 AND tokens = 123`, [a.id]);
    expect(rows).toEqual([{ billed_period: currentPeriod, usage_day: isoDate(lastMonthDay(3)) }]);
    const usage = await api.call('GET', '/v1/usage', a.key);
    expect(usage.body.adjustments).toEqual([expect.objectContaining({ usageDay: isoDate(lastMonthDay(3)), tokens: '123', meter: 'prompt' })]);
    expect(usage.body.totals.total).toBe('10000');
    const invoice = (await api.call('GET', `/admin/invoices?tenantId=${a.id}&period=${lastPeriod}`, admin)).body.data[0];
    expect((await api.call('GET', `/admin/invoices/${invoice.id}`, admin)).body.totalMinor).toBe(invoice.totalMinor);
    const planId = (await api.call('GET', '/v1/subscription', a.key)).body.plan.id;
    const rewrite = await api.call('PUT', `/admin/tenants/${a.id}/subscription`, admin, { planId, startsOn: isoDate(lastMonthDay(20)) });
    expect(rewrite.status).toBe(400);
    expect(rewrite.body.message).toMatch(/already invoiced/);
  });

  it('creates one invoice when the same period is generated concurrently', async () => {
    const tenant = await api.call('POST', '/admin/tenants', admin, { name: 'C' });
    const plans = await api.call('GET', '/admin/plans', admin);
    await api.call('PUT', `/admin/tenants/${tenant.body.id}/subscription`, admin, { planId: plans.body.data[0].id, startsOn: isoDate(lastMonthDay(2)) });
    const replies = await Promise.all([1, 2, 3].map(() => api.call('POST', '/admin/invoices', admin, { tenantId: tenant.body.id, period: lastPeriod })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const numbers = (await api.call('GET', '/admin/invoices', admin)).body.data.map((i: { number: number }) => i.number);
    expect(numbers).toEqual(numbers.map((_: number, i: number) => numbers[0] + i));
  });

  it('dead-letters a malformed usage event and keeps counting', async () => {
    const [a] = tenants;
    const before = await ledgerTokens(a.id);
    const bad = { ...usageEvent({ tenantId: a.id, model: 'gpt-small', promptTokens: -5, completionTokens: 0 }) };
    await producer.send([bad, usageEvent({ tenantId: a.id, model: 'gpt-small', promptTokens: 7, completionTokens: 0 })]);
    await waitUntil(() => ledgerTokens(a.id), (t) => t >= before + 7, { what: 'the event after the malformed one' });
    expect(await ledgerTokens(a.id)).toBe(before + 7);
    const dlq = await readTopic(`${stack.topicPrefix}usage.recorded.dlq`, 1);
    expect(dlq[0].headers['dlq-reason']).toMatch(/promptTokens/);
  });
});
