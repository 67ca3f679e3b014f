import { TOPICS } from '@llmchain/contracts';
import { ServiceStack, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { BillingApi, billingRows, planBody, Reply, startBilling } from './billing-api';
import { UsageProducer, usageEvent } from './usage-producer';

const DAY = 86_400_000;
const now = new Date();
const monthStart = (monthsBack: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1));
const daysIn = (start: Date) => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
const periodOf = (start: Date) => start.toISOString().slice(0, 7);
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const currentStart = monthStart(0);
const currentPeriod = periodOf(currentStart);
const lastStart = monthStart(1);
const lastPeriod = periodOf(lastStart);
/** An ended month as long as this one: usage and subscriptions moved there keep their day of the month and proration. */
const twinMonthsBack = Array.from({ length: 48 }, (_, i) => i + 1).find((back) => daysIn(monthStart(back)) === daysIn(currentStart))!;
const twinStart = monthStart(twinMonthsBack);
const twinPeriod = periodOf(twinStart);
const shiftDays = Math.round((currentStart.getTime() - twinStart.getTime()) / DAY);
const at = (monthStartDate: Date, day: number, minute = 0) => new Date(monthStartDate.getTime() + (day - 1) * DAY + 9 * 3_600_000 + minute * 60_000);

type Line = { position: number; kind: string; description: string; quantity: string; unitPriceMinor: string | null; amountMinor: string };
type Share = { position: number; kind: string; meter: string; tier: number | null; tokens: string };
type Entry = {
  id: string;
  eventId: string;
  eventType: string;
  occurredAt: string;
  usageDay: string;
  model: string | null;
  requestId: string | null;
  trainingJobId: string | null;
  apiKeyId: string | null;
  tokens: { prompt: string; completion: string; training: string };
  lines: Share[];
};
type Page = { object: 'list'; data: Entry[]; first_id: string | null; last_id: string | null; has_more: boolean; total: number };

const comparable = (lines: Line[]) => lines.map(({ position, kind, description, quantity, unitPriceMinor, amountMinor }) => ({ position, kind, description, quantity, unitPriceMinor, amountMinor }));

/** Tokens each line position gets from the entries' shares. */
function sharesByLine(entries: Entry[]): Map<number, bigint> {
  const byLine = new Map<number, bigint>();
  for (const share of entries.flatMap((e) => e.lines)) byLine.set(share.position, (byLine.get(share.position) ?? 0n) + BigInt(share.tokens));
  return byLine;
}

/** Every line but the fees has as many tokens as the shares of the entries behind it. */
function expectSharesMatchLines(entries: Entry[], lines: Line[]): void {
  const byLine = sharesByLine(entries);
  const tokenLines = lines.filter((l) => l.kind !== 'base_fee');
  expect(tokenLines.map((l) => ({ position: l.position, kind: l.kind, tokens: (byLine.get(l.position) ?? 0n).toString() }))).toEqual(
    tokenLines.map((l) => ({ position: l.position, kind: l.kind, tokens: l.quantity })),
  );
  for (const entry of entries) {
    for (const meter of ['prompt', 'completion', 'training'] as const) {
      const shared = entry.lines.filter((s) => s.meter === meter).reduce((sum, s) => sum + BigInt(s.tokens), 0n);
      expect({ event: entry.eventId, meter, tokens: shared.toString() }).toEqual({ event: entry.eventId, meter, tokens: entry.tokens[meter] });
    }
  }
}

/**
 * The upcoming-invoice preview (the open period's invoice so far, computed as the real one is, writing nothing) and
 * lineage from invoice lines back to the usage events behind them.
 */
describe('billing-service upcoming invoice and invoice lineage', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let admin: string;
  let producer: UsageProducer;
  const tenants: Record<'a' | 'b' | 'late' | 'unsubscribed', { id: string; key: string; keyId: string }> = {} as never;
  const servingEvents: ReturnType<typeof usageEvent>[] = [];
  const trainingEvents: { id: string; type: string; version: 1; occurredAt: string; producer: string; data: Record<string, unknown> }[] = [];

  const pages = async (path: string, token: string, limit: number): Promise<Entry[]> => {
    const entries: Entry[] = [];
    let after: string | null = null;
    for (;;) {
      const separator = path.includes('?') ? '&' : '?';
      const reply: Reply<Page> = await api.call<Page>('GET', `${path}${separator}limit=${limit}${after ? `&after=${after}` : ''}`, token);
      expect(reply.status).toBe(200);
      expect(reply.body.object).toBe('list');
      entries.push(...reply.body.data);
      if (!reply.body.has_more) {
        expect(entries).toHaveLength(reply.body.total);
        return entries;
      }
      after = reply.body.last_id;
    }
  };
  const ledgerEvents = async (tenantId: string) =>
    Number((await billingRows<{ n: number }>(stack, `SELECT count(*)::int AS n FROM usage_ledger_events WHERE tenant_id = $1`, [tenantId]))[0].n);

  beforeAll(async () => {
    ({ stack, api } = await startBilling());
    admin = await api.loginAdmin();
    producer = new UsageProducer(stack.topicPrefix);
    await producer.connect();
    const tiers = [
      { upToTokens: 1_500, unitPricePer1kMinor: 40 },
      { upToTokens: null, unitPricePer1kMinor: 15 },
    ];
    const prices = { prompt: tiers, completion: tiers, training: [{ upToTokens: 1_000, unitPricePer1kMinor: 90 }, { upToTokens: null, unitPricePer1kMinor: 60 }] };
    const basic = await api.call('POST', '/admin/plans', admin, planBody({ code: 'basic', name: 'Basic', monthlyFeeMinor: 3_000, includedTokens: 1_200, prices }));
    const pro = await api.call('POST', '/admin/plans', admin, planBody({ code: 'pro', monthlyFeeMinor: 9_000, includedTokens: 2_400, prices }));
    for (const name of ['a', 'b', 'late', 'unsubscribed'] as const) {
      const tenant = await api.call('POST', '/admin/tenants', admin, { name });
      const key = await api.call('POST', `/admin/tenants/${tenant.body.id}/api-keys`, admin, { name: 'k', scopes: ['serving'] });
      tenants[name] = { id: tenant.body.id, key: key.body.key, keyId: key.body.id };
    }
    const subscribe = async (tenantId: string, planId: string, startsOn: Date) =>
      expect((await api.call('PUT', `/admin/tenants/${tenantId}/subscription`, admin, { planId, startsOn: isoDate(startsOn) })).status).toBe(200);
    // A: Basic for days 1-10 of this month, Pro from the 11th. B: Pro all month. Late: Basic since last month.
    await subscribe(tenants.a.id, basic.body.id, currentStart);
    await subscribe(tenants.a.id, pro.body.id, at(currentStart, 11));
    await subscribe(tenants.b.id, pro.body.id, currentStart);
    await subscribe(tenants.late.id, basic.body.id, lastStart);

    const { a, b } = tenants;
    for (let i = 0; i < 60; i++) {
      const event = usageEvent({ tenantId: a.id, model: i % 3 ? 'gpt-small' : 'gpt-large', promptTokens: 90 + i, completionTokens: i % 4 ? 40 : 0, occurredAt: at(currentStart, 1 + (i % 28), i) });
      servingEvents.push({ ...event, data: { ...event.data, apiKeyId: a.keyId } });
    }
    const training = (day: number, modelId: string | null, trainedTokens: number) => ({
      id: randomUUID(),
      type: TOPICS.trainingJobCompleted,
      version: 1 as const,
      occurredAt: at(currentStart, day, 30).toISOString(),
      producer: 'training-service',
      data: { tenantId: a.id, jobId: randomUUID(), modelId, status: modelId ? 'succeeded' : 'failed', trainedTokens },
    });
    trainingEvents.push(training(4, randomUUID(), 1_300), training(22, null, 700));
    await producer.send(servingEvents);
    await producer.send(trainingEvents as never, TOPICS.trainingJobCompleted);
    await producer.send([usageEvent({ tenantId: b.id, model: 'gpt-small', promptTokens: 500, completionTokens: 5 })]);
    await waitUntil(() => ledgerEvents(a.id), (n) => n >= 62, { what: "A's events in the ledger" });
    await waitUntil(() => ledgerEvents(b.id), (n) => n >= 1, { what: "B's event in the ledger" });
  });
  afterAll(async () => {
    await producer?.disconnect();
    await stack?.teardown();
  });

  it('keeps each event behind the ledger with its request or job, key and model', async () => {
    const rows = await billingRows<Record<string, string | null>>(
      stack,
      `SELECT event_id::text, event_type, model, request_id, training_job_id, api_key_id, prompt_tokens::text, completion_tokens::text, training_tokens::text,
              billed_period, usage_day::text FROM usage_ledger_events WHERE tenant_id = $1`,
      [tenants.a.id],
    );
    expect(rows).toHaveLength(62);
    const served = servingEvents[5];
    expect(rows.find((r) => r.event_id === served.id)).toEqual({
      event_id: served.id,
      event_type: 'usage.recorded',
      model: served.data.model,
      request_id: served.data.requestId,
      training_job_id: null,
      api_key_id: tenants.a.keyId,
      prompt_tokens: String(served.data.promptTokens),
      completion_tokens: String(served.data.completionTokens),
      training_tokens: '0',
      billed_period: currentPeriod,
      usage_day: served.occurredAt.slice(0, 10),
    });
    const [trained, failed] = trainingEvents;
    expect(rows.find((r) => r.event_id === failed.id)).toMatchObject({ event_type: 'training.job.completed', model: null, request_id: null, training_job_id: failed.data.jobId, api_key_id: null, training_tokens: '700' });
    expect(rows.find((r) => r.event_id === trained.id)).toMatchObject({ model: trained.data.modelId, training_job_id: trained.data.jobId, training_tokens: '1300' });
    const ledger = await billingRows<{ meter: string; tokens: string }>(stack, `SELECT meter, SUM(tokens)::text AS tokens FROM usage_ledger WHERE tenant_id = $1 GROUP BY meter ORDER BY meter`, [tenants.a.id]);
    const events = await billingRows<{ prompt: string; completion: string; training: string }>(
      stack,
      `SELECT SUM(prompt_tokens)::text AS prompt, SUM(completion_tokens)::text AS completion, SUM(training_tokens)::text AS training FROM usage_ledger_events WHERE tenant_id = $1`,
      [tenants.a.id],
    );
    expect(Object.fromEntries(ledger.map((r) => [r.meter, r.tokens]))).toEqual(events[0]);
  });

  it('previews the open period\'s invoice, prorated and tiered, for admins and the tenant, writing nothing', async () => {
    const { a } = tenants;
    const countsBefore = await billingRows(stack, `SELECT (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM closed_periods)::int AS closed, (SELECT last_number FROM invoice_counter) AS number`);
    const preview = await api.call('GET', `/admin/tenants/${a.id}/invoices/upcoming`, admin);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ tenantId: a.id, tenant: { id: a.id, name: 'a' }, period: currentPeriod, status: 'upcoming', currency: 'USD' });
    expect(preview.body).not.toHaveProperty('id');
    expect(preview.body).not.toHaveProperty('number');
    expect(Math.abs(Date.parse(preview.body.asOf) - Date.now())).toBeLessThan(120_000);
    const lines: Line[] = preview.body.lines;
    expect(lines.map((l) => l.position)).toEqual(lines.map((_, i) => i));
    expect(preview.body.totalMinor).toBe(lines.reduce((sum, l) => sum + BigInt(l.amountMinor), 0n).toString());
    const days = daysIn(currentStart);
    expect(lines.filter((l) => l.kind === 'base_fee').map((l) => l.amountMinor)).toEqual([String(Math.round((3_000 * 10) / days)), String(Math.round((9_000 * (days - 10)) / days))]);
    expect(lines.filter((l) => l.kind === 'metered').map((l) => l.description)).toEqual(expect.arrayContaining([expect.stringContaining('tier 2')]));
    const counted = lines.filter((l) => l.kind === 'included_tokens' || l.kind === 'metered').reduce((sum, l) => sum + BigInt(l.quantity), 0n);
    const used = servingEvents.reduce((sum, e) => sum + e.data.promptTokens + e.data.completionTokens, 0) + 1_300 + 700;
    expect(counted).toBe(BigInt(used));

    const own = await api.call('GET', '/v1/invoices/upcoming', a.key);
    expect(own.status).toBe(200);
    expect({ ...own.body, asOf: null }).toEqual({ ...preview.body, asOf: null });
    expect(await billingRows(stack, `SELECT (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM closed_periods)::int AS closed, (SELECT last_number FROM invoice_counter) AS number`)).toEqual(countsBefore);
  });

  it('traces every token of the preview to the events behind it, page by page, filtered by meter and model', async () => {
    const { a } = tenants;
    const preview = (await api.call('GET', `/admin/tenants/${a.id}/invoices/upcoming`, admin)).body;
    const entries = await pages(`/admin/tenants/${a.id}/invoices/upcoming/usage`, admin, 7);
    expect(entries).toHaveLength(62);
    expect(new Set(entries.map((e) => e.id)).size).toBe(62);
    const order = entries.map((e) => `${e.occurredAt} ${e.eventId}`);
    expect(order).toEqual([...order].sort());
    expectSharesMatchLines(entries, preview.lines);

    const served = servingEvents[7];
    expect(entries.find((e) => e.eventId === served.id)).toMatchObject({
      id: served.id,
      eventType: 'usage.recorded',
      occurredAt: served.occurredAt,
      usageDay: served.occurredAt.slice(0, 10),
      model: served.data.model,
      requestId: served.data.requestId,
      trainingJobId: null,
      apiKeyId: a.keyId,
      tokens: { prompt: String(served.data.promptTokens), completion: String(served.data.completionTokens), training: '0', batch_prompt: '0', batch_completion: '0' },
    });
    const [trained] = trainingEvents;
    const trainedEntry = entries.find((e) => e.eventId === trained.id)!;
    expect(trainedEntry).toMatchObject({ eventType: 'training.job.completed', model: trained.data.modelId, requestId: null, trainingJobId: trained.data.jobId, apiKeyId: null });
    // The day-4 job is the Basic segment's only training usage, and its prompt tokens used up the included ones.
    expect(trainedEntry.lines.map((s) => [s.kind, s.meter, s.tier, s.tokens])).toEqual([
      ['metered', 'training', 1, '1000'],
      ['metered', 'training', 2, '300'],
    ]);
    expect(trainedEntry.lines.map((s) => preview.lines[s.position].description)).toEqual([expect.stringMatching(/^Basic \(basic v1\): training tokens, tier 1/), expect.stringMatching(/^Basic \(basic v1\): training tokens, tier 2/)]);

    const training = await pages(`/admin/tenants/${a.id}/invoices/upcoming/usage?meter=training`, admin, 1);
    expect(training.map((e) => e.eventId).sort()).toEqual(trainingEvents.map((e) => e.id).sort());
    const large = await pages(`/admin/tenants/${a.id}/invoices/upcoming/usage?model=gpt-large&meter=completion`, admin, 5);
    const expectedLarge = servingEvents.filter((e) => e.data.model === 'gpt-large' && e.data.completionTokens > 0);
    expect(large.map((e) => e.eventId).sort()).toEqual(expectedLarge.map((e) => e.id).sort());
    // A filter hides events but not the tokens before them: an entry's shares are the same as unfiltered.
    for (const entry of large) expect(entry.lines).toEqual(entries.find((e) => e.eventId === entry.eventId)!.lines);

    const own = await pages('/v1/invoices/upcoming/usage', a.key, 100);
    expect(own).toEqual(entries);
  });

  it('generates the same invoice the preview showed once the period has ended, and traces it the same way', async () => {
    const { a } = tenants;
    const preview = (await api.call('GET', `/admin/tenants/${a.id}/invoices/upcoming`, admin)).body;
    const previewEntries = await pages(`/admin/tenants/${a.id}/invoices/upcoming/usage`, admin, 100);
    // Move A's subscriptions and usage to an ended month of the same length, day for day, so it can be invoiced.
    await billingRows(stack, `UPDATE subscriptions SET starts_on = starts_on - $2::int, ends_on = ends_on - $2::int WHERE tenant_id = $1::uuid`, [a.id, shiftDays]);
    await billingRows(stack, `UPDATE usage_ledger SET billed_period = $2, usage_day = usage_day - $3::int WHERE tenant_id = $1`, [a.id, twinPeriod, shiftDays]);
    await billingRows(stack, `UPDATE usage_ledger_events SET billed_period = $2, usage_day = usage_day - $3::int, occurred_at = occurred_at - make_interval(days => $3::int) WHERE tenant_id = $1`, [
      a.id,
      twinPeriod,
      shiftDays,
    ]);

    const invoice = await api.call('POST', '/admin/invoices', admin, { tenantId: a.id, period: twinPeriod });
    expect(invoice.status).toBe(201);
    expect(comparable(invoice.body.lines)).toEqual(comparable(preview.lines));
    expect({ totalMinor: invoice.body.totalMinor, currency: invoice.body.currency }).toEqual({ totalMinor: preview.totalMinor, currency: preview.currency });

    const entries = await pages(`/admin/invoices/${invoice.body.id}/usage`, admin, 9);
    expectSharesMatchLines(entries, invoice.body.lines);
    const withoutDates = (list: Entry[]) => list.map(({ occurredAt: _o, usageDay: _u, ...rest }) => rest);
    expect(withoutDates(entries)).toEqual(withoutDates(previewEntries));

    expect((await api.call('GET', `/v1/invoices/${invoice.body.id}/usage`, a.key)).status).toBe(404); // a draft
    expect((await api.call('POST', `/admin/invoices/${invoice.body.id}/issue`, admin)).status).toBe(201);
    expect(await pages(`/v1/invoices/${invoice.body.id}/usage`, a.key, 50)).toEqual(entries);
    expect((await api.call('GET', `/v1/invoices/${invoice.body.id}/usage`, tenants.b.key)).status).toBe(404);
  });

  it('traces late usage to the adjustment lines of the upcoming invoice', async () => {
    const { late } = tenants;
    expect((await api.call('POST', '/admin/invoices', admin, { tenantId: late.id, period: lastPeriod })).status).toBe(201);
    const lateEvents = [usageEvent({ tenantId: late.id, model: 'gpt-small', promptTokens: 2_000, completionTokens: 10, occurredAt: at(lastStart, 3) })];
    const currentEvents = [usageEvent({ tenantId: late.id, model: 'gpt-small', promptTokens: 300, completionTokens: 20, occurredAt: at(currentStart, 1) })];
    await producer.send([...lateEvents, ...currentEvents]);
    await waitUntil(() => ledgerEvents(late.id), (n) => n >= 2, { what: 'the late and the current event' });
    const preview = (await api.call('GET', `/admin/tenants/${late.id}/invoices/upcoming`, admin)).body;
    const adjustments = preview.lines.filter((l: Line) => l.kind === 'adjustment');
    expect(adjustments.map((l: Line) => l.quantity)).toEqual(['1500', '500', '10']);
    const entries = await pages(`/admin/tenants/${late.id}/invoices/upcoming/usage`, admin, 1);
    expectSharesMatchLines(entries, preview.lines);
    const lateEntry = entries.find((e) => e.eventId === lateEvents[0].id)!;
    expect(lateEntry.usageDay).toBe(isoDate(at(lastStart, 3)));
    expect(lateEntry.lines.map((s) => [s.kind, s.meter, s.tier, s.tokens])).toEqual([
      ['adjustment', 'prompt', 1, '1500'],
      ['adjustment', 'prompt', 2, '500'],
      ['adjustment', 'completion', 1, '10'],
    ]);
  });

  it('answers 404 for unknown tenants and other tenants\' invoices, 403 for tenant keys on admin routes, 409 without a subscription', async () => {
    const { a, b, unsubscribed } = tenants;
    const unknown = randomUUID();
    for (const path of [`/admin/tenants/${unknown}/invoices/upcoming`, `/admin/tenants/${unknown}/invoices/upcoming/usage`, `/admin/invoices/${unknown}/usage`]) {
      expect({ path, status: (await api.call('GET', path, admin)).status }).toEqual({ path, status: 404 });
    }
    const invoiceOfA = (await api.call('GET', `/admin/invoices?tenantId=${a.id}`, admin)).body.data[0].id;
    for (const path of [`/admin/tenants/${b.id}/invoices/upcoming`, `/admin/tenants/${b.id}/invoices/upcoming/usage`, `/admin/invoices/${invoiceOfA}/usage`]) {
      expect({ path, status: (await api.call('GET', path, b.key)).status }).toEqual({ path, status: 403 });
    }
    expect((await api.call('GET', `/v1/invoices/${invoiceOfA}/usage`, b.key)).status).toBe(404);
    expect((await api.call('GET', `/v1/invoices/${unknown}/usage`, b.key)).status).toBe(404);
    // B sees its own upcoming invoice and usage, none of A's.
    const ownB = await pages('/v1/invoices/upcoming/usage', b.key, 10);
    expect(ownB).toHaveLength(1);
    expect((await api.call('GET', '/v1/invoices/upcoming', b.key)).body.tenantId).toBe(b.id);
    for (const path of ['/v1/invoices/upcoming', '/v1/invoices/upcoming/usage']) expect((await api.call('GET', path, null)).status).toBe(401);

    for (const [path, token] of [
      [`/admin/tenants/${unsubscribed.id}/invoices/upcoming`, admin],
      [`/admin/tenants/${unsubscribed.id}/invoices/upcoming/usage`, admin],
      ['/v1/invoices/upcoming', unsubscribed.key],
      ['/v1/invoices/upcoming/usage', unsubscribed.key],
    ]) {
      const reply = await api.call('GET', path, token);
      expect({ path, status: reply.status }).toEqual({ path, status: 409 });
      expect(reply.body.message).toMatch(/no subscription .* subscribe it to a plan/);
    }
  });

  it('refuses bad paging and filters with a message that says what to fix', async () => {
    const base = `/admin/tenants/${tenants.b.id}/invoices/upcoming/usage`;
    for (const [query, message] of [
      ['meter=tokens', /meter/],
      ['model=', /model/],
      ['limit=0', /limit/],
      [`after=${randomUUID()}`, /after: .* is not an item of this list/],
      ['after=not-an-id', /after/],
      ['unknown=1', /unknown/i],
    ] as const) {
      const reply = await api.call('GET', `${base}?${query}`, admin);
      expect({ query, status: reply.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(reply.body.message)).toMatch(message);
    }
  });
});
