import { CREDIT_RESERVATION_TTL_MS, CreditHold, LiveCreditBalance } from '@llmchain/platform';
import { infraEnv } from '@llmchain/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AdmissionHolds } from '../../apps/serving-service/src/limits/admission-holds.service';
import { CreditAdmission } from '../../apps/training-service/src/credits/credit-admission';

/**
 * The live credit balance's Redis scripts under concurrency from several connections (as several serving processes
 * hold them): admission while the balance less all holds is above zero (through serving's admission script, which
 * holds credits with budgets and rate limits), settling, billing's changes applied once, lapsed holds, and training's
 * check.
 */
describe('live credit balance', () => {
  const connections = Array.from({ length: 4 }, () => new Redis(infraEnv().REDIS_URL, { lazyConnect: true }));
  const balances = connections.map((redis) => new LiveCreditBalance(redis));
  const admissions = connections.map((redis) => new AdmissionHolds(redis));
  const [live] = balances;
  /** Rate windows no request here fills: only the credit check can refuse. */
  const ROOMY = { requestsPerMinute: 1_000_000, tokensPerMinute: 1_000_000_000 };

  /** Serving's admission on connection `i`, read for its credit part: the hold, null when not enforced, or 'refused'. */
  const hold = async (i: number, tenantId: string, tokens: number, now?: number): Promise<CreditHold | null | 'refused'> => {
    const verdict = await admissions[i % admissions.length].hold({ tenantId, apiKeyId: randomUUID() }, ROOMY, tokens, now);
    if (verdict.ok) return verdict.reservation.credit ?? null;
    if (verdict.refused !== 'credits') throw new Error(`refused by ${verdict.refused}, not by credits`);
    return 'refused';
  };

  beforeAll(() => Promise.all(connections.map((c) => c.connect())));
  afterAll(() => Promise.all(connections.map((c) => c.quit())));

  const enable = (tenantId: string, tokens: number) => live.apply({ eventId: randomUUID(), tenantId, change: 'enable', tokens });

  it('admits while something is left after the holds, so 40 concurrent requests overdraw by less than one hold', async () => {
    const tenantId = randomUUID();
    expect(await hold(0, tenantId, 30)).toBeNull(); // not enforced
    await enable(tenantId, 100);
    const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => hold(i, tenantId, 30)));
    const held = verdicts.filter((v): v is CreditHold => typeof v === 'object' && v !== null);
    expect(held).toHaveLength(4); // 0, 30, 60, 90 held before each: 120 held against 100
    expect(verdicts.filter((v) => v === 'refused')).toHaveLength(36);
    await Promise.all(held.map((hold, i) => balances[i].settle(hold, 25)));
    expect(await live.balance(tenantId)).toBe(0);
    expect(await hold(0, tenantId, 1)).toBe('refused');
  });

  it('applies each billing change once, and stops enforcing on disable', async () => {
    const tenantId = randomUUID();
    await enable(tenantId, 0);
    const grant = { eventId: randomUUID(), tenantId, change: 'adjust' as const, tokens: 500 };
    expect(await Promise.all(balances.map((b) => b.apply(grant)))).toEqual(expect.arrayContaining([true, false, false, false]));
    expect(await live.balance(tenantId)).toBe(500);
    await live.apply({ eventId: randomUUID(), tenantId, change: 'disable', tokens: 0 });
    expect(await hold(0, tenantId, 10_000)).toBeNull();
    expect(await live.apply({ eventId: randomUUID(), tenantId, change: 'adjust', tokens: 5 })).toBe(true);
    expect(await live.balance(tenantId)).toBeNull(); // an adjust does not re-enable
  });

  it('lets a hold whose request never settled lapse', async () => {
    const tenantId = randomUUID();
    await enable(tenantId, 50);
    const now = Date.now();
    expect(await hold(0, tenantId, 50, now)).toMatchObject({ tokens: 50 });
    expect(await hold(0, tenantId, 1, now + 1_000)).toBe('refused');
    expect(await hold(0, tenantId, 1, now + CREDIT_RESERVATION_TTL_MS + 1)).toMatchObject({ tokens: 1 });
  });

  it('lets an eval run start only when the balance covers its estimate, and holds it until the run ends', async () => {
    const admission = new CreditAdmission(connections[0]);
    const tenantId = randomUUID();
    await expect(admission.holdRun(tenantId, randomUUID(), 10, 'eval run')).resolves.toBeUndefined();
    await enable(tenantId, 0);
    await expect(admission.holdRun(tenantId, randomUUID(), 1, 'eval run')).rejects.toMatchObject({ status: 429, response: { code: 'insufficient_quota', message: expect.stringContaining('this eval run is estimated at 1 tokens') } });
    await live.apply({ eventId: randomUUID(), tenantId, change: 'adjust', tokens: 10 });
    const run = randomUUID();
    await expect(admission.holdRun(tenantId, run, 10, 'eval run')).resolves.toBeUndefined();
    await expect(admission.holdRun(tenantId, randomUUID(), 1, 'eval run')).rejects.toMatchObject({ status: 429 });
    await admission.releaseRun(tenantId, run);
    await expect(admission.holdRun(tenantId, randomUUID(), 10, 'eval run')).resolves.toBeUndefined();
  });
});
