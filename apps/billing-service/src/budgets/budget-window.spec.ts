import { budgetWindowAt, reachedThresholds } from './budget-window';

describe('budget windows', () => {
  it('puts an instant in its UTC month, the last millisecond of a month included', () => {
    const monthly = { window: 'monthly' as const, windowStart: null, windowEnd: null };
    expect(budgetWindowAt(monthly, new Date('2026-12-31T23:59:59.999Z'))).toEqual({ start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
    expect(budgetWindowAt(monthly, new Date('2027-01-01T00:00:00Z'))?.start).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it('counts a custom window from its start, up to but not including its end', () => {
    const custom = { window: 'custom' as const, windowStart: new Date('2026-12-04T10:00:00Z'), windowEnd: new Date('2026-12-11T10:00:00Z') };
    expect(budgetWindowAt(custom, new Date('2026-12-04T09:59:59.999Z'))).toBeNull();
    expect(budgetWindowAt(custom, new Date('2026-12-04T10:00:00Z'))).toEqual({ start: custom.windowStart, end: custom.windowEnd });
    expect(budgetWindowAt(custom, new Date('2026-12-11T10:00:00Z'))).toBeNull();
  });

  it('reaches a threshold at exactly its share of the limit, not a token before', () => {
    expect(reachedThresholds([50, 80, 100], 499n, 1_000n)).toEqual([]);
    expect(reachedThresholds([50, 80, 100], 500n, 1_000n)).toEqual([50]);
    expect(reachedThresholds([50, 80, 100], 1_000n, 1_000n)).toEqual([50, 80, 100]);
    expect(reachedThresholds([34], 1n, 3n)).toEqual([]); // 33.3 %
    expect(reachedThresholds([33], 1n, 3n)).toEqual([33]);
  });
});
