/**
 * Billing periods are UTC calendar months written `YYYY-MM`; usage days are UTC dates. Everything here is UTC so a
 * server's time zone never moves a token into another period.
 */
export type Period = string;

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function periodOf(instant: Date): Period {
  return instant.toISOString().slice(0, 7);
}

export function periodStart(period: Period): Date {
  return new Date(`${period}-01T00:00:00.000Z`);
}

/** The first instant after the period. */
export function periodEnd(period: Period): Date {
  const start = periodStart(period);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

export function nextPeriod(period: Period): Period {
  return periodOf(periodEnd(period));
}

export function previousPeriod(period: Period): Period {
  const start = periodStart(period);
  return periodOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1)));
}

export function daysInPeriod(period: Period): number {
  return Math.round((periodEnd(period).getTime() - periodStart(period).getTime()) / DAY_MS);
}

/** The UTC date (midnight) of an instant. */
export function utcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

export function isoDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** 0-based index of a day within its period's month. */
export function dayIndexInPeriod(period: Period, day: Date): number {
  return Math.floor((day.getTime() - periodStart(period).getTime()) / DAY_MS);
}

export const DAY_MS = 86_400_000;
