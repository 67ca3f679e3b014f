import { Plan, Subscription } from '../api/billing';

export type ProratedSegment = { plan: Plan; fromDay: string; toDay: string; days: number; feeMinor: bigint; includedTokens: bigint };

const DAY_MS = 86_400_000;
const utc = (isoDay: string) => new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Half up, as billing rounds each amount. */
const divideHalfUp = (numerator: bigint, denominator: bigint) => (numerator * 2n + denominator) / (2n * denominator);

/**
 * The month a plan change falls in, as the invoice will split it: the running plan up to the change, the new one
 * from it; fee × days / days-in-month (half up) and included tokens × days / days-in-month (down), as billing does.
 */
export function prorateChange(current: Subscription | undefined, next: Plan, startsOn: string): { month: string; daysInMonth: number; segments: ProratedSegment[] } {
  const start = utc(startsOn);
  const monthStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
  const monthEnd = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const daysInMonth = Math.round((monthEnd.getTime() - monthStart.getTime()) / DAY_MS);
  const segment = (plan: Plan, from: Date, to: Date): ProratedSegment => {
    const days = Math.max(0, Math.round((to.getTime() - from.getTime()) / DAY_MS));
    return {
      plan,
      fromDay: isoDay(from),
      toDay: isoDay(new Date(to.getTime() - DAY_MS)),
      days,
      feeMinor: divideHalfUp(BigInt(plan.monthlyFeeMinor) * BigInt(days), BigInt(daysInMonth)),
      includedTokens: (BigInt(plan.includedTokens) * BigInt(days)) / BigInt(daysInMonth),
    };
  };
  const segments: ProratedSegment[] = [];
  if (current) {
    const from = new Date(Math.max(utc(current.startsOn).getTime(), monthStart.getTime()));
    if (from < start) segments.push(segment(current.plan, from, start));
  }
  segments.push(segment(next, start, monthEnd));
  return { month: isoDay(monthStart).slice(0, 7), daysInMonth, segments: segments.filter((s) => s.days > 0) };
}

/** The subscription in force today: started, and not ended. */
export function currentSubscription(history: Subscription[], today = isoDay(new Date())): Subscription | undefined {
  return history.find((s) => s.startsOn.slice(0, 10) <= today && (!s.endsOn || s.endsOn.slice(0, 10) > today));
}
