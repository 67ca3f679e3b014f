import { Meter } from './meters';

export type InvoiceLineDraft = {
  /** prepaid_credits and credit_purchase come from invoices/credit-invoice-lines, after the priced lines. */
  kind: 'base_fee' | 'included_tokens' | 'metered' | 'adjustment' | 'prepaid_credits' | 'prepaid_money_credits' | 'credit_purchase';
  description: string;
  quantity: bigint;
  unitPriceMinor: bigint | null;
  amountMinor: bigint;
};

/** Tokens [from, to) of one usage group's meter, counted in order, are billed on the line at `position`. */
export type LineSpan = { position: number; kind: 'included_tokens' | 'metered' | 'adjustment'; tier: number | null; from: bigint; to: bigint };

/**
 * Which line each metered token lands on: per plan segment (in the order priced) and per late-usage group, the
 * spans each meter's tokens fill, included tokens first, then tier by tier. What ties usage back to the lines.
 */
export type TokenLines = {
  segments: { fromDay: number; toDay: number; spans: Record<Meter, LineSpan[]> }[];
  adjustments: { usagePeriod: string; planLabel: string; meter: Meter; spans: LineSpan[] }[];
};
