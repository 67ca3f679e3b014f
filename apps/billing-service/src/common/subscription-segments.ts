import { DAY_MS, daysInPeriod, Period, periodEnd, periodStart } from './period';

export type DatedSubscription<P> = { startsOn: Date; endsOn: Date | null; plan: P };

/** The days [fromDay, toDay) of the period each subscription covered; subscriptions outside it drop out. */
export function segmentsInPeriod<P>(period: Period, subscriptions: DatedSubscription<P>[]): { plan: P; fromDay: number; toDay: number }[] {
  const start = periodStart(period).getTime();
  const end = periodEnd(period).getTime();
  const days = daysInPeriod(period);
  return subscriptions
    .map((s) => {
      const from = Math.max(s.startsOn.getTime(), start);
      const to = Math.min(s.endsOn?.getTime() ?? end, end);
      return { plan: s.plan, fromDay: Math.round((from - start) / DAY_MS), toDay: Math.round((to - start) / DAY_MS) };
    })
    .filter((s) => s.toDay > s.fromDay && s.fromDay < days)
    .sort((a, b) => a.fromDay - b.fromDay);
}

/** The subscription in force on a day, else the latest one before it, else the earliest one. */
export function subscriptionOnDay<S extends { startsOn: Date }>(subscriptions: S[], day: Date): S | undefined {
  const ordered = [...subscriptions].sort((a, b) => a.startsOn.getTime() - b.startsOn.getTime());
  const before = ordered.filter((s) => s.startsOn.getTime() <= day.getTime());
  return before[before.length - 1] ?? ordered[0];
}
