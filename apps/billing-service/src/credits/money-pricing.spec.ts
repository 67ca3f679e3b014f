import { tieredCost } from '../common/usage-price';
import { drawMoney, liveTokensOf, moneyPricingOf } from './money-pricing';

describe('money pricing', () => {
  const pricing = moneyPricingOf({ currency: 'USD', batchDiscountPercent: 25, dearestTierPer1kMinor: { prompt: 3n, completion: 7n, training: 5n } });

  it('prices batch meters at their basis meter less the discount, in 1/100,000 of a minor unit per token', () => {
    expect(pricing.unitCost).toEqual({ prompt: 300n, completion: 700n, training: 500n, batch_prompt: 225n, batch_completion: 525n });
  });

  it('draws the same money however the usage is split, to the minor unit rounded down', () => {
    // Token counts whose costs leave fractions of a minor unit, in pieces of every size from 1 to 97.
    let carry = 0n;
    let drawn = 0n;
    let owed = 0n;
    for (let piece = 1n; piece < 98n; piece++) {
      const step = drawMoney(carry, piece * 13n, (k) => k * pricing.unitCost.batch_completion, 1_000_000n);
      expect(step.paidTokens).toBe(piece * 13n);
      carry = step.carry;
      drawn += step.minor;
      owed += piece * 13n * 525n;
    }
    expect(drawn).toBe(owed / 100_000n);
  });

  it('pays each token at the tier it falls in, however the usage is split, to the minor unit rounded down', () => {
    const terms = { includedTokens: 0n, batchDiscountPercent: 0, tiers: { prompt: [{ upToTokens: 1_000n, unitPricePer1kMinor: 23n }, { upToTokens: null, unitPricePer1kMinor: 9n }], completion: [], training: [] } };
    let [carry, drawn, position, owed] = [0n, 0n, 0n, 0n];
    for (let piece = 1n; position < 3_000n; piece++) {
      const at = position;
      const step = drawMoney(carry, piece * 7n, (k) => tieredCost(terms, 'prompt', at, at + k), 1_000_000n);
      expect(step.paidTokens).toBe(piece * 7n);
      for (let token = position; token < position + piece * 7n; token++) owed += token < 1_000n ? 2_300n : 900n;
      [carry, drawn, position] = [step.carry, drawn + step.minor, position + piece * 7n];
    }
    expect(drawn).toBe(owed / 100_000n);
    // Short of money across the tier bound: the most whole tokens it covers, counted one at a time.
    const short = drawMoney(0n, 2_000n, (k) => tieredCost(terms, 'prompt', 990n, 990n + k), 1n);
    let tokens = 0n;
    while ((tieredCost(terms, 'prompt', 990n, 991n + tokens)) / 100_000n <= 1n) tokens++;
    expect(short.paidTokens).toBe(tokens);
  });

  it('pays for the most whole tokens the money covers when it runs short', () => {
    for (const [available, carry] of [[0n, 0n], [2n, 99_999n], [9n, 40_000n]] as const) {
      const step = drawMoney(carry, 1_000_000n, (k) => k * 700n, available);
      // Counted one token at a time: the largest count whose cost, with the carry, stays within the money.
      let tokens = 0n;
      while ((carry + (tokens + 1n) * 700n) / 100_000n <= available) tokens++;
      expect(step.paidTokens).toBe(tokens);
      expect(step.minor).toBeLessThanOrEqual(available);
      expect(step.minor * 100_000n + step.carry).toBe(carry + tokens * 700n);
    }
  });

  it('stands for as many of the dearest tokens as the money pays for, and nothing without a price', () => {
    expect(liveTokensOf(10n, pricing)).toBe(1_428n);
    expect(liveTokensOf(10n, null)).toBe(0n);
    expect(liveTokensOf(10n, moneyPricingOf({ currency: 'USD', batchDiscountPercent: 50, dearestTierPer1kMinor: {} }))).toBe(0n);
  });
});
