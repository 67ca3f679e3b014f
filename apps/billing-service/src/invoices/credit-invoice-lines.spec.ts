import { PlanTerms } from '../common/plan-terms';
import { creditLines } from './credit-invoice-lines';
import { calculateInvoice } from './invoice-calculator';

const plan: PlanTerms = {
  label: 'Prepaid (prepaid v1)',
  monthlyFeeMinor: 1_000n,
  includedTokens: 0n,
  batchDiscountPercent: 50,
  tiers: {
    prompt: [{ upToTokens: 1_000n, unitPricePer1kMinor: 30n }, { upToTokens: null, unitPricePer1kMinor: 10n }],
    completion: [{ upToTokens: null, unitPricePer1kMinor: 60n }],
    training: [{ upToTokens: null, unitPricePer1kMinor: 500n }],
  },
};

const invoiceOf = (prompt: bigint, completion: bigint) =>
  calculateInvoice({ daysInPeriod: 30, segments: [{ plan, fromDay: 0, toDay: 30 }], usage: [{ day: 3, meter: 'prompt', tokens: prompt }, { day: 4, meter: 'completion', tokens: completion }], adjustments: [] });

describe('credit lines on the invoice', () => {
  it('takes off the whole charge of usage credits covered entirely, tiers included, and bills the fee', () => {
    const invoice = invoiceOf(3_000n, 500n);
    const lines = creditLines(invoice.lines, invoice.tokenLines, { credited: new Map([['prompt', 3_000n], ['completion', 500n]]), money: new Map(), purchases: [] });
    // Prompt: 1,000 at 30/1k (30) + 2,000 at 10/1k (20) = 50; completion: 500 at 60/1k = 30.
    expect(lines.map((l) => [l.kind, l.quantity, l.amountMinor])).toEqual([['prepaid_credits', 3_000n, -50n], ['prepaid_credits', 500n, -30n]]);
    expect(invoice.totalMinor + lines.reduce((sum, l) => sum + l.amountMinor, 0n)).toBe(1_000n);
  });

  it('leaves the overdraw billed, credits a share of a partly covered meter, and adds top-ups at their price', () => {
    const invoice = invoiceOf(3_000n, 500n);
    const lines = creditLines(invoice.lines, invoice.tokenLines, { credited: new Map([['completion', 400n]]), money: new Map(), purchases: [{ tokens: 5_000n, amountMinor: 250n }] });
    expect(lines.map((l) => [l.kind, l.quantity, l.amountMinor])).toEqual([['prepaid_credits', 400n, -24n], ['credit_purchase', 5_000n, 250n]]);
  });

  it('never credits more tokens than the invoice bills', () => {
    const invoice = invoiceOf(100n, 0n);
    const lines = creditLines(invoice.lines, invoice.tokenLines, { credited: new Map([['prompt', 5_000n]]), money: new Map(), purchases: [] });
    expect(lines.map((l) => [l.quantity, l.amountMinor])).toEqual([[100n, -3n]]);
  });
});
