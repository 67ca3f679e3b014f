import { randomUUID } from 'node:crypto';
import { latestVersion, parseEvent } from '../registry';
import { TOPICS } from '../topics';

const v1Data = () => ({
  tenantId: 't1',
  budgetId: 'b1',
  name: 'ops',
  apiKeyId: null,
  change: 'upsert',
  limitTokens: 2_000,
  windowKind: 'monthly',
  windowStart: '2026-12-01T00:00:00.000Z',
  windowEnd: '2027-01-01T00:00:00.000Z',
  tokens: 0,
});

const envelope = (version: number, data: object) => ({
  id: randomUUID(),
  type: TOPICS.budgetUpdated,
  version,
  occurredAt: new Date().toISOString(),
  producer: 'billing-service',
  data,
});

const reasonOf = (result: ReturnType<typeof parseEvent>) => (result.ok ? '' : result.reason);

describe('budget.updated', () => {
  it('producers emit v2 and consumers still accept v1', () => {
    expect(latestVersion(TOPICS.budgetUpdated)).toBe(2);
    const v1 = parseEvent(TOPICS.budgetUpdated, envelope(1, v1Data()));
    expect(v1.ok && v1.event.data).toEqual(v1Data());
  });

  it('v2 carries a money budget’s limit in minor units and currency, and null for a budget in tokens', () => {
    const money = { ...v1Data(), limitMoney: { amountMinor: 4_000, currency: 'EUR' } };
    const tokens = { ...v1Data(), limitMoney: null };
    for (const data of [money, tokens]) {
      const parsed = parseEvent(TOPICS.budgetUpdated, envelope(2, data));
      expect(parsed.ok && parsed.event.data).toEqual(data);
    }
  });

  it('v2 requires the money limit (null for tokens) and refuses a malformed one by name', () => {
    expect(reasonOf(parseEvent(TOPICS.budgetUpdated, envelope(2, v1Data())))).toContain('limitMoney');
    for (const limitMoney of [{ amountMinor: 0, currency: 'EUR' }, { amountMinor: 1.5, currency: 'EUR' }, { amountMinor: 100, currency: 'eur' }, { amountMinor: 100 }]) {
      expect(reasonOf(parseEvent(TOPICS.budgetUpdated, envelope(2, { ...v1Data(), limitMoney })))).toContain('limitMoney');
    }
    // v1 has no such field: a v1 event carrying it is refused rather than read as a money budget.
    expect(reasonOf(parseEvent(TOPICS.budgetUpdated, envelope(1, { ...v1Data(), limitMoney: null })))).toContain('limitMoney');
  });
});
