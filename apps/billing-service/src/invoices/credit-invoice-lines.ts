import { InvoiceLineDraft, LineSpan, TokenLines } from '../common/invoice-lines';
import { Meter, METERS } from '../common/meters';
import { mulDivRoundHalfUp } from '../common/minor-units';

export type CreditsOfPeriod = {
  /** Tokens drawn from credits per meter, of usage billed in the period. */
  credited: Map<string, bigint>;
  /** Money drawn from credits per meter, of usage billed in the period, with the tokens it paid for. */
  money: Map<string, { minor: bigint; tokens: bigint; currency: string }>;
  /** Automatic top-ups bought in the period. */
  purchases: { tokens: bigint; amountMinor: bigint }[];
};

/**
 * The invoice's own credit lines, after the priced ones (so usage lineage keeps its positions). Usage drawn from
 * credits was paid for when the credits were granted or bought, so per meter a `prepaid_credits` line takes off the
 * meter's charge in the share of its tokens the credits covered (the whole charge when they covered all, as usual on
 * a prepaid plan; the overdraw past zero stays billed). Per meter a `prepaid_money_credits` line takes off the money
 * money credits paid for the meter's tokens, exactly as drawn (money-pricing.ts). Each top-up is a `credit_purchase` line at its price.
 */
export function creditLines(lines: readonly InvoiceLineDraft[], tokenLines: TokenLines, credits: CreditsOfPeriod): InvoiceLineDraft[] {
  const added: InvoiceLineDraft[] = [];
  for (const meter of METERS) {
    const credited = credits.credited.get(meter) ?? 0n;
    if (credited === 0n) continue;
    const spans = spansOf(tokenLines, meter);
    const billed = spans.reduce((sum, span) => sum + (span.to - span.from), 0n);
    const charged = [...new Set(spans.map((span) => span.position))].reduce((sum, position) => sum + lines[position].amountMinor, 0n);
    const covered = credited < billed ? credited : billed;
    if (covered === 0n) continue;
    added.push({
      kind: 'prepaid_credits',
      description: `Prepaid credits: ${covered} of ${billed} ${meter} tokens drawn from credits`,
      quantity: covered,
      unitPriceMinor: null,
      amountMinor: -mulDivRoundHalfUp(charged, covered, billed),
    });
  }
  for (const meter of METERS) {
    const money = credits.money.get(meter);
    if (!money || (money.minor === 0n && money.tokens === 0n)) continue;
    added.push({
      kind: 'prepaid_money_credits',
      description: `Prepaid money credits: ${money.minor} ${money.currency} minor units paid for ${money.tokens} ${meter} tokens at the tiers they fall in`,
      quantity: money.tokens,
      unitPriceMinor: null,
      amountMinor: -money.minor,
    });
  }
  for (const purchase of credits.purchases) {
    added.push({ kind: 'credit_purchase', description: `Automatic top-up: ${purchase.tokens} tokens of credits`, quantity: purchase.tokens, unitPriceMinor: null, amountMinor: purchase.amountMinor });
  }
  return added;
}

function spansOf(tokenLines: TokenLines, meter: Meter): LineSpan[] {
  return [...tokenLines.segments.flatMap((segment) => segment.spans[meter]), ...tokenLines.adjustments.filter((a) => a.meter === meter).flatMap((a) => a.spans)];
}
