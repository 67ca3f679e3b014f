import { LineSpan } from '../common/invoice-lines';

export type LineShare = Pick<LineSpan, 'position' | 'kind' | 'tier'> & { tokens: bigint };

/**
 * The lines an event's tokens of one meter fill: its tokens are [before, before + tokens) of its usage group's
 * token stream for the meter (events in order), and each span of the stream belongs to one line.
 */
export function lineShares(spans: readonly LineSpan[], before: bigint, tokens: bigint): LineShare[] {
  const end = before + tokens;
  const shares: LineShare[] = [];
  for (const span of spans) {
    const from = span.from > before ? span.from : before;
    const to = span.to < end ? span.to : end;
    if (to > from) shares.push({ position: span.position, kind: span.kind, tier: span.tier, tokens: to - from });
  }
  return shares;
}
