import { drawTokens, DrawableGrant, inConsumptionOrder } from './consumption-order';

const day = (d: number) => new Date(Date.UTC(2026, 0, d));
const grant = (id: string, remaining: bigint, priority: number, expiresAt: Date | null, createdAt: Date): DrawableGrant => ({ id, remaining, priority, expiresAt, createdAt });

describe('consumption order', () => {
  it('draws by priority, then soonest expiry (none last), then age, then id', () => {
    const grants = [
      grant('no-expiry-old', 10n, 0, null, day(1)),
      grant('late-expiry', 10n, 0, day(30), day(2)),
      grant('soon-expiry', 10n, 0, day(10), day(3)),
      grant('priority-1', 10n, 1, day(5), day(1)),
      grant('no-expiry-new-b', 10n, 0, null, day(4)),
      grant('no-expiry-new-a', 10n, 0, null, day(4)),
    ];
    expect(inConsumptionOrder(grants).map((g) => g.id)).toEqual(['soon-expiry', 'late-expiry', 'no-expiry-old', 'no-expiry-new-a', 'no-expiry-new-b', 'priority-1']);
  });

  it('takes each grant down to zero before the next and reports what none covered', () => {
    const ordered = [grant('a', 5n, 0, null, day(1)), grant('b', 0n, 0, null, day(2)), grant('c', 7n, 0, null, day(3))];
    expect(drawTokens(ordered, 9n)).toEqual({ draws: [{ grantId: 'a', tokens: 5n }, { grantId: 'c', tokens: 4n }], uncovered: 0n });
    expect(ordered.map((g) => g.remaining)).toEqual([0n, 0n, 3n]);
    expect(drawTokens(ordered, 10n)).toEqual({ draws: [{ grantId: 'c', tokens: 3n }], uncovered: 7n });
    expect(drawTokens(ordered, 4n)).toEqual({ draws: [], uncovered: 4n });
  });

  it('draws the same total whichever way the usage is split', () => {
    const fresh = () => inConsumptionOrder([grant('x', 100n, 2, null, day(1)), grant('y', 50n, 0, day(9), day(2)), grant('z', 30n, 0, null, day(3))]);
    const whole = fresh();
    const once = drawTokens(whole, 170n);
    const split = fresh();
    const parts = [1n, 49n, 60n, 60n].map((t) => drawTokens(split, t));
    expect(split.map((g) => g.remaining)).toEqual(whole.map((g) => g.remaining));
    expect(parts.reduce((s, p) => s + p.uncovered, 0n)).toBe(once.uncovered);
    expect(whole.map((g) => [g.id, g.remaining])).toEqual([['y', 0n], ['z', 0n], ['x', 10n]]);
  });
});
