import { describe, expect, it } from '@jest/globals';
import { Budget } from '../api/budgets';
import { budgetAmounts, formatBudgetAmount, usedPercent } from './budget-amounts';

const base: Budget = {
  id: '3f1c2a9e-6b7d-4e21-9a55-0c8d7e6f5a41',
  object: 'budget',
  tenantId: '9b2e4c61-1d3f-4a8b-b7c5-2e6f0a9d8c13',
  apiKeyId: null,
  name: 'cap',
  unit: 'tokens',
  limitTokens: null,
  spentTokens: null,
  limitMinor: null,
  spentMinor: null,
  window: 'monthly',
  mode: 'soft',
  thresholds: [50, 80, 100],
  createdAt: '2026-12-01T00:00:00.000Z',
};
const inTokens = (spent: string, limit: string): Budget => ({ ...base, unit: 'tokens', spentTokens: spent, limitTokens: limit });
const inMoney = (spent: string, limit: string): Budget => ({ ...base, unit: 'EUR', spentMinor: spent, limitMinor: limit });

describe('budget amounts', () => {
  it('reads the limit and spend of the budget’s own unit, exactly past 2^53', () => {
    expect(budgetAmounts(inTokens('9007199254740993', '9007199254740995'))).toEqual({ spent: 9007199254740993n, limit: 9007199254740995n });
    expect(budgetAmounts(inMoney('1234', '50000'))).toEqual({ spent: 1234n, limit: 50000n });
  });

  it('shows tokens as grouped integers and money in its currency', () => {
    expect(formatBudgetAmount(inTokens('0', '1'), 1_000_000n)).toBe('1,000,000');
    expect(formatBudgetAmount(inMoney('0', '1'), 250n)).toBe('2.50 EUR');
  });

  it('rounds the share used down to a tenth of a percent, past 100 % when overspent', () => {
    expect(usedPercent(inTokens('1', '3'))).toBe(33.3);
    expect(usedPercent(inTokens('2', '3'))).toBe(66.6);
    expect(usedPercent(inMoney('1500', '1000'))).toBe(150);
    expect(usedPercent(inMoney('0', '50000'))).toBe(0);
  });
});
