export type BudgetWindowTerms = { window: 'monthly' | 'custom'; windowStart: Date | null; windowEnd: Date | null };

export type BudgetWindow = { start: Date; end: Date };

/**
 * The window of a budget that holds an instant: its UTC calendar month for a monthly budget; the custom window
 * itself if the instant lies in [windowStart, windowEnd), else none (usage outside it counts for nothing).
 */
export function budgetWindowAt(terms: BudgetWindowTerms, at: Date): BudgetWindow | null {
  if (terms.window === 'monthly') {
    const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
    return { start, end: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)) };
  }
  if (!terms.windowStart || !terms.windowEnd) throw new Error('a custom budget window needs its start and end');
  return at >= terms.windowStart && at < terms.windowEnd ? { start: terms.windowStart, end: terms.windowEnd } : null;
}

/** The thresholds (percent) that `spent` of `limit` has reached. */
export function reachedThresholds(thresholds: readonly number[], spent: bigint, limit: bigint): number[] {
  return thresholds.filter((percent) => spent * 100n >= limit * BigInt(percent));
}
