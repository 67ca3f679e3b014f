import { nextAttemptAt } from './retry-schedule';

const HOUR = 3_600_000;

describe('webhook retry schedule', () => {
  it('doubles from 5 s, caps at 12 h and ends exactly 72 h after the first attempt: 20 attempts', () => {
    const policy = { baseMs: 5_000, maxDelayMs: 12 * HOUR, windowMs: 72 * HOUR };
    const start = new Date('2026-01-01T00:00:00Z');
    const attemptTimes = [0];
    let now = start;
    for (let failed = 1; ; failed++) {
      const next = nextAttemptAt(policy, failed, start, now);
      if (!next) break;
      attemptTimes.push(next.getTime() - start.getTime());
      now = next;
    }
    // Delays 5 s · 2^k for k = 0…13 (sum 81,915 s), four capped 12 h delays, then the last moved to the 72 h mark.
    expect(attemptTimes.slice(1, 5)).toEqual([5_000, 15_000, 35_000, 75_000]);
    expect(attemptTimes[14]).toBe(5_000 * (2 ** 14 - 1));
    expect(attemptTimes[18] - attemptTimes[14]).toBe(4 * 12 * HOUR);
    expect(attemptTimes[19]).toBe(72 * HOUR);
    expect(attemptTimes).toHaveLength(20);
  });

  it('gives up at once when the window has passed (a late redelivery run is measured from its own start)', () => {
    const policy = { baseMs: 1_000, maxDelayMs: 10_000, windowMs: 60_000 };
    const start = new Date(0);
    expect(nextAttemptAt(policy, 3, start, new Date(60_000))).toBeNull();
    expect(nextAttemptAt(policy, 3, new Date(60_000), new Date(61_000))).toEqual(new Date(65_000));
  });
});
