import { Budget } from '../api/budgets';
import { formatInteger, formatMoney } from '../components/format';

/** A budget's limit and spend in its own unit: tokens, or minor units of the currency `unit` names. */
export function budgetAmounts(b: Budget): { limit: bigint; spent: bigint } {
  const inTokens = b.unit === 'tokens';
  return { limit: BigInt((inTokens ? b.limitTokens : b.limitMinor) ?? 0), spent: BigInt((inTokens ? b.spentTokens : b.spentMinor) ?? 0) };
}

/** An amount of the budget's unit as shown: "1,000,000" tokens or "12.34 EUR". */
export const formatBudgetAmount = (b: Budget, amount: bigint) => (b.unit === 'tokens' ? formatInteger(amount) : formatMoney(amount, b.unit));

/** The share of the limit spent, to a tenth of a percent (rounded down, exact on integers). */
export function usedPercent(b: Budget): number {
  const { limit, spent } = budgetAmounts(b);
  return limit > 0n ? Number((spent * 1000n) / limit) / 10 : 0;
}
