import { TOPICS } from '@llmchain/contracts';
import { waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { AdmissionStack } from './admission-stack';
import { billingRows, planBody } from './billing-api';
import { usageEvent } from './usage-producer';

const STREAMS = 16;
const GRANTED = 4_000;

/**
 * Prepaid credits end to end, on billing and two serving processes: a prepaid tenant is refused at zero at once,
 * draws its grant down under 16 concurrent streams spread over both processes, and is stopped within one request
 * of the balance running out; billing's ledger, the live balance and the invoice agree afterwards. Automatic top-up
 * happens once per crossing however often usage is redelivered.
 */
describe('prepaid credits', () => {
  const s = new AdmissionStack();
  let planId: string;

  beforeAll(async () => {
    await s.start({ CREDIT_SWEEP_INTERVAL_MS: '500' });
    const plan = await s.api.call('POST', '/admin/plans', s.admin, planBody({ code: 'prepaid', includedTokens: 0, prepaid: true, quotaMode: 'hard' }));
    expect(plan.status).toBe(201);
    planId = plan.body.id;
  });
  afterAll(() => s.teardown());

  const credits = (tenantKey: string) => s.api.call('GET', '/v1/credits?limit=100', tenantKey);
  const allHistory = async (tenantKey: string) => {
    const entries: { kind: string; amount: string; uncovered: string | null }[] = [];
    for (let before = ''; ; ) {
      const page = (await s.api.call('GET', `/v1/credits?limit=100${before}`, tenantKey)).body.history;
      entries.push(...page.data);
      if (!page.has_more) return entries;
      before = `&before=${page.next_before}`;
    }
  };

  it('stops a tenant at zero within one request under 16 concurrent streams on two serving processes', async () => {
    const tenant = await s.tenant('streams', planId);
    const model = 'credits-tiny';
    await s.registerModel(tenant.id, model);
    // At zero (the plan is prepaid, nothing granted yet) every request is refused at once, on both processes.
    for (const refused of await s.waitForEveryProcess(tenant.key, model, 429)) expect(refused.code).toBe('insufficient_quota');

    const grant = await s.api.call('POST', `/admin/tenants/${tenant.id}/credits/grants`, s.admin, { tokens: GRANTED, reason: 'e2e' });
    expect(grant).toMatchObject({ status: 201, body: { amount: String(GRANTED), remaining: String(GRANTED), status: 'active', source: 'admin' } });
    await waitUntil(() => s.live.balance(tenant.id), (b) => b === GRANTED, { what: 'the grant in the live balance' });
    // Set above the threshold, so the one crossing below it is what alerts.
    expect((await s.api.call('PUT', `/admin/tenants/${tenant.id}/credits/settings`, s.admin, { lowBalanceThreshold: 1_000, topUp: null })).status).toBe(200);

    const { answers, hold } = await s.streamUntilRefused(STREAMS, tenant.key, model);
    const refusals = answers.filter((a) => a.status !== 200);
    expect(refusals).toHaveLength(STREAMS);
    expect(new Set(refusals.map((a) => a.code))).toEqual(new Set(['insufficient_quota']));
    const streamed = answers.reduce((sum, a) => sum + a.totalTokens, 0);
    expect(await s.servedTokens({ tenantId: tenant.id })).toBe(streamed);
    const { tokens: drainedAfter, refusal } = await s.drain(tenant.key, model);
    expect(refusal.code).toBe('insufficient_quota');
    const served = streamed + drainedAfter;
    const overspend = served - GRANTED;
    // The stated bound: the balance falls below zero by less than one request's hold (prompt + max_tokens).
    expect(overspend).toBeGreaterThanOrEqual(0);
    expect(overspend).toBeLessThan(hold);
    console.log(`prepaid credits: ${GRANTED} tokens granted, ${served} served in ${answers.length} streamed requests (+${drainedAfter} after), overspend ${overspend} (bound: one hold = ${hold})`);

    // Billing draws the grant exactly, bills the overspend as metered usage, and gives it back to the live balance.
    await waitUntil(() => s.ledgerTokens(tenant.id), (t) => t === served, { what: 'every served token in the ledger' });
    await waitUntil(() => credits(tenant.key), (r) => r.body.balance === '0', { what: 'the billed balance at zero' });
    // Every page of the history: a slow run meters in more chunks, so more entries than one page holds.
    const history = await allHistory(tenant.key);
    expect(history.filter((t) => t.kind === 'consume').reduce((sum, t) => sum - Number(t.amount), 0)).toBe(GRANTED);
    expect(history.filter((t) => t.kind === 'overdraw').reduce((sum, t) => sum + Number(t.uncovered), 0)).toBe(overspend);
    await waitUntil(() => s.live.balance(tenant.id), (b) => b === 0, { what: 'the live balance back at zero once the overspend is billed' });
    expect(await s.complete(s.servings[0], tenant.key, model)).toMatchObject({ status: 429, code: 'insufficient_quota' });

    const low = await s.outboxData<{ balance: number; threshold: number; unit: string }>(TOPICS.creditLow, tenant.id);
    expect(low.map((e) => e.data)).toEqual([{ tenantId: tenant.id, balance: expect.any(Number), threshold: 1_000, unit: 'tokens' }]);
    expect(low[0].data.balance).toBeLessThan(1_000);

    const invoice = await s.api.call('GET', '/v1/invoices/upcoming', tenant.key);
    const lines = invoice.body.lines as { kind: string; quantity: string; amountMinor: string }[];
    const credited = lines.filter((l) => l.kind === 'prepaid_credits');
    expect(credited.reduce((sum, l) => sum + Number(l.quantity), 0)).toBe(GRANTED);
    expect(credited.every((l) => Number(l.amountMinor) <= 0)).toBe(true);
    expect(lines.reduce((sum, l) => sum + Number(l.amountMinor), 0)).toBe(Number(invoice.body.totalMinor));
  });

  it('tops up once per crossing, exactly once however often the usage is redelivered', async () => {
    const tenant = await s.tenant('top-up', planId);
    await s.api.call('PUT', `/admin/tenants/${tenant.id}/credits/settings`, s.admin, { lowBalanceThreshold: null, topUp: { threshold: 1_000, tokens: 5_000, priceMinor: 250 } });
    await s.api.call('POST', `/admin/tenants/${tenant.id}/credits/grants`, s.admin, { tokens: 2_000, reason: 'start' });
    // Eval usage (training-service meters it): serving never saw it, so billing takes it off the live balance.
    const evalUsage = (promptTokens: number) => ({ ...usageEvent({ tenantId: tenant.id, model: 'm', promptTokens, completionTokens: 0 }), producer: 'training-service' });
    const first = evalUsage(1_500);
    for (let i = 0; i < 3; i++) await s.producer.send([first]);
    await waitUntil(() => credits(tenant.key), (r) => r.body.balance === '5500', { what: 'one top-up after the first crossing' });
    const second = evalUsage(4_800);
    for (let i = 0; i < 3; i++) await s.producer.send([second, first]);
    await waitUntil(() => credits(tenant.key), (r) => r.body.balance === '5700', { what: 'one more top-up after the second crossing' });
    await waitUntil(() => s.ledgerTokens(tenant.id), (t) => t === 6_300, { what: 'both events once in the ledger' });

    expect(await billingRows(s.stack, `SELECT 1 FROM credit_grants WHERE tenant_id = $1 AND source = 'top_up'`, [tenant.id])).toHaveLength(2);
    const invoice = await s.api.call('GET', '/v1/invoices/upcoming', tenant.key);
    const purchases = (invoice.body.lines as { kind: string; amountMinor: string }[]).filter((l) => l.kind === 'credit_purchase');
    expect(purchases.map((l) => l.amountMinor)).toEqual(['250', '250']);
    await waitUntil(() => s.live.balance(tenant.id), (b) => b === 5_700, { what: 'the live balance to match billing' });
  });

  it('takes embeddings off the live balance and ends their holds', async () => {
    const tenant = await s.tenant('embeddings', planId);
    await s.api.call('POST', `/admin/tenants/${tenant.id}/credits/grants`, s.admin, { tokens: 10_000, reason: 'embeddings' });
    await s.registerModel(tenant.id, 'embedder');
    await s.waitForEveryProcess(tenant.key, 'embedder', 200);
    const response = await fetch(`${s.servings[1].baseUrl}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'embedder', input: ['the cat sat on the mat', 'the dog ran'] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { usage: { prompt_tokens: number } }).usage.prompt_tokens).toBeGreaterThan(0);
    const served = await s.servedTokens({ tenantId: tenant.id });
    // The probes' completions settle just after their answers: wait for them, then nothing is held.
    await waitUntil(() => s.live.balance(tenant.id), (b) => b === 10_000 - served, { what: 'every served token off the live balance' });
    expect(await s.redis.hlen(`credits:{${tenant.id}}:holds`)).toBe(0);
  });

  it('draws money credits after token credits at the price of the tier the usage falls in, batch discount included', async () => {
    // Prices per 1,000 tokens up to 1,000 tokens of a meter, three times that above, and a 40% batch discount.
    const price = { prompt: 7, completion: 13, training: 11 };
    const tiers = (per1k: number) => [{ upToTokens: 1_000, unitPricePer1kMinor: per1k }, { upToTokens: null, unitPricePer1kMinor: per1k * 3 }];
    const prices = { prompt: tiers(price.prompt), completion: tiers(price.completion), training: tiers(price.training) };
    const plan = await s.api.call('POST', '/admin/plans', s.admin, planBody({ code: 'money-prepaid', currency: 'EUR', includedTokens: 0, prepaid: true, quotaMode: 'hard', batchDiscountPercent: 40, prices }));
    expect(plan.status).toBe(201);
    const tenant = await s.tenant('money', plan.body.id);
    const grants = `/admin/tenants/${tenant.id}/credits/grants`;
    expect((await s.api.call('POST', grants, s.admin, { tokens: 1_000, reason: 'tokens first' })).status).toBe(201);
    const money = await s.api.call('POST', grants, s.admin, { amountMinor: 500, reason: 'money after' });
    expect(money).toMatchObject({ status: 201, body: { unit: 'EUR', amount: '500', remaining: '500' } });

    // Eval usage (training-service meters it, serving never saw it) and Batch API usage (serving settled it).
    const at = (second: number) => new Date(Date.now() - 60_000 + second * 1_000);
    const evalUsage = (second: number, promptTokens: number, completionTokens: number) => ({
      ...usageEvent({ tenantId: tenant.id, model: 'm', promptTokens, completionTokens, occurredAt: at(second) }),
      producer: 'training-service',
    });
    const batchUsage = { ...usageEvent({ tenantId: tenant.id, model: 'm', promptTokens: 3_333, completionTokens: 999, occurredAt: at(3) }), version: 2 };
    batchUsage.data = { ...batchUsage.data, meter: 'batch', batchId: randomUUID() } as typeof batchUsage.data;
    await waitUntil(() => s.live.balance(tenant.id), (b) => b !== null && b > 1_000, { what: 'the grants in the live balance' });
    // Serving admits batch requests and takes them off the live balance as it settles them, as it does here.
    await s.live.settle({ tenantId: tenant.id, holdId: randomUUID(), tokens: 0 }, 3_333 + 999);
    await s.producer.send([evalUsage(1, 800, 0), evalUsage(2, 700, 1_234), batchUsage]);
    await waitUntil(() => s.ledgerTokens(tenant.id), (t) => t === 800 + 700 + 1_234 + 3_333 + 999, { what: 'the usage in the ledger' });

    // Worked by hand: the token grant covers the first 800 prompt tokens and 200 of the next 700; money pays the rest,
    // each token at its place in its meter's usage (the batch meters count their own): prompt 1,000-1,500 in tier 2,
    // completion 0-1,000 in tier 1 and 1,000-1,234 in tier 2, batch prompt 0-1,000 and 1,000-3,333, batch completion 0-999.
    const paid = { prompt: 500, completion: 1_234, batch_prompt: 3_333, batch_completion: 999 };
    const owedHundredThousandths =
      500 * price.prompt * 3 * 100 + (1_000 * price.completion + 234 * price.completion * 3) * 100 + (1_000 * price.prompt + 2_333 * price.prompt * 3) * 60 + 999 * price.completion * 60;
    const drawn = Math.floor(owedHundredThousandths / 100_000);
    expect(drawn).toBe(74);
    const balance = await waitUntil(() => credits(tenant.key), (r) => r.body.money?.balanceMinor === String(500 - drawn), { what: 'the money drawn' });
    expect(balance.body).toMatchObject({ balance: '0', money: { currency: 'EUR', grants: [{ id: money.body.id, remaining: String(500 - drawn) }] } });
    const history = balance.body.history.data as { kind: string; unit: string; meter: string; amount: string; paidTokens: string | null }[];
    const moneyConsumed = history.filter((t) => t.kind === 'consume' && t.unit === 'EUR');
    expect(moneyConsumed.reduce((sum, t) => sum - Number(t.amount), 0)).toBe(drawn);
    for (const [meter, tokens] of Object.entries(paid)) {
      expect(moneyConsumed.filter((t) => t.meter === meter).reduce((sum, t) => sum + Number(t.paidTokens), 0)).toBe(tokens);
    }
    expect(history.filter((t) => t.kind === 'overdraw')).toEqual([]);

    const invoice = await s.api.call('GET', '/v1/invoices/upcoming', tenant.key);
    const moneyLines = (invoice.body.lines as { kind: string; quantity: string; amountMinor: string }[]).filter((l) => l.kind === 'prepaid_money_credits');
    expect(moneyLines.map((l) => Number(l.quantity)).sort((a, b) => a - b)).toEqual(Object.values(paid).sort((a, b) => a - b));
    expect(moneyLines.reduce((sum, l) => sum + Number(l.amountMinor), 0)).toBe(-drawn);

    // Serving's live balance holds what the money pays for at the dearest token (completion's tier 2, 39 per 1,000).
    await waitUntil(() => s.live.balance(tenant.id), (b) => b === Math.floor(((500 - drawn) * 1_000) / (price.completion * 3)), { what: 'the money in the live balance' });

    // Money running short pays for as many whole tokens as it covers; the rest is an overdraw, billed as usage.
    const short = await s.tenant('money-short', plan.body.id);
    await s.api.call('POST', `/admin/tenants/${short.id}/credits/grants`, s.admin, { amountMinor: 3, reason: 'a little' });
    const shortUsage = { ...usageEvent({ tenantId: short.id, model: 'm', promptTokens: 0, completionTokens: 5_000 }), producer: 'training-service' };
    await s.producer.send([shortUsage]);
    let affordable = 0;
    while (Math.floor(((affordable + 1) * price.completion * 100) / 100_000) <= 3) affordable++;
    const shortHistory = await waitUntil(() => credits(short.key), (r) => r.body.history.data.some((t: { kind: string }) => t.kind === 'overdraw'), { what: 'the overdraw' });
    const rows = shortHistory.body.history.data as { kind: string; unit: string; paidTokens: string | null; uncovered: string | null }[];
    expect(rows.filter((t) => t.kind === 'consume').reduce((sum, t) => sum + Number(t.paidTokens), 0)).toBe(affordable);
    expect(rows.filter((t) => t.kind === 'overdraw').map((t) => Number(t.uncovered))).toEqual([5_000 - affordable]);
    expect(shortHistory.body.money.balanceMinor).toBe(String(3 - Math.floor((affordable * price.completion * 100) / 100_000)));

    const both = await s.api.call('POST', grants, s.admin, { tokens: 5, amountMinor: 5, reason: 'both' });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('amountMinor');
  });

  it('voids and expires what grants have left, and refuses bad grants with a message', async () => {
    const tenant = await s.tenant('void-expire', planId);
    const grants = `/admin/tenants/${tenant.id}/credits/grants`;
    const kept = await s.api.call('POST', grants, s.admin, { tokens: 700, reason: 'kept', priority: 1 });
    const voided = await s.api.call('POST', grants, s.admin, { tokens: 300, reason: 'to void' });
    const expiring = await s.api.call('POST', grants, s.admin, { tokens: 200, reason: 'short-lived', expiresAt: new Date(Date.now() + 1_500).toISOString() });
    expect((await s.api.call('POST', `${grants}/${voided.body.id}/void`, s.admin)).body).toMatchObject({ status: 'void', remaining: '0' });
    expect((await s.api.call('POST', `${grants}/${voided.body.id}/void`, s.admin)).status).toBe(409);
    expect((await s.api.call('POST', `${grants}/${randomUUID()}/void`, s.admin)).status).toBe(404);
    const isExpired = (g: { id: string; status: string }) => g.id === expiring.body.id && g.status === 'expired';
    await waitUntil(() => s.api.call('GET', `${grants}?limit=100`, s.admin), (r) => r.body.data?.some(isExpired), { what: 'the short grant expired', timeoutMs: 20_000 });
    expect((await credits(tenant.key)).body).toMatchObject({ balance: '700', enforced: true, grants: [{ id: kept.body.id, remaining: '700' }] });
    await waitUntil(() => s.live.balance(tenant.id), (b) => b === 700, { what: 'the live balance without the void and expired grants' });

    for (const [body, field] of [
      [{ tokens: 0, reason: 'x' }, 'tokens'],
      [{ tokens: 10 }, 'reason'],
      [{ tokens: 10, reason: 'x', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ] as const) {
      const refused = await s.api.call('POST', grants, s.admin, body);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(field);
    }
    expect((await s.api.call('POST', '/admin/plans', s.admin, planBody({ code: 'bad-prepaid', prepaid: true }))).status).toBe(400);
    expect((await s.api.call('POST', grants, tenant.key, { tokens: 10, reason: 'self-service' })).status).toBe(403);
  });
});
