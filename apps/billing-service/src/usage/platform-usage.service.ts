import { Injectable } from '@nestjs/common';
import { Meter, METERS, noTokens } from '../common/meters';
import { DAY_MS, isoDay, periodEnd, periodOf, periodStart } from '../common/period';
import { PlatformUsageQuery } from './platform-usage.dto';
import { DayRange, MeterSum, PlatformUsageRepository } from './platform-usage.repository';

type MeterTotals = Record<Meter | 'total', bigint>;

const emptyTotals = (): MeterTotals => ({ ...noTokens(), total: 0n });

/** Sums rows into one MeterTotals per key, keys in first-seen order. */
function totalsBy<Row extends MeterSum>(rows: Row[], keyOf: (row: Row) => string): Map<string, MeterTotals> {
  const totals = new Map<string, MeterTotals>();
  for (const row of rows) {
    const key = keyOf(row);
    const entry = totals.get(key) ?? totals.set(key, emptyTotals()).get(key)!;
    entry[row.meter as Meter] += row.tokens;
    entry.total += row.tokens;
  }
  return totals;
}

const byTotalDescending = (a: [string, MeterTotals], b: [string, MeterTotals]) => (a[1].total === b[1].total ? (a[0] < b[0] ? -1 : 1) : a[1].total > b[1].total ? -1 : 1);

/**
 * Usage of every tenant over a month or a day range, for the platform chart: totals, by meter, by day (every day of
 * the range, zeros included), by model, and the tenants that used most. Usage counts on the UTC day it happened,
 * late usage included, whatever invoice billed it.
 */
@Injectable()
export class PlatformUsageService {
  constructor(private readonly repository: PlatformUsageRepository) {}

  async report(query: PlatformUsageQuery, now = new Date()) {
    const range = rangeOf(query, now);
    const { days, models, leaders, tenantsWithUsage, names } = await this.repository.snapshot(async (tx) => {
      const leaders = await this.repository.topTenants(tx, range, query.top);
      return {
        days: await this.repository.byDay(tx, range),
        models: await this.repository.byModel(tx, range),
        leaders,
        tenantsWithUsage: await this.repository.tenantsWithUsage(tx, range),
        names: await this.repository.tenantNames(tx, [...new Set(leaders.map((r) => r.tenantId))]),
      };
    });
    const perDay = totalsBy(days, (r) => isoDay(r.day));
    const perTenant = totalsBy(leaders, (r) => r.tenantId);
    const totals = emptyTotals();
    for (const day of perDay.values()) for (const key of Object.keys(totals) as (keyof MeterTotals)[]) totals[key] += day[key];
    return {
      from: isoDay(range.from),
      to: isoDay(range.to),
      period: range.period,
      meters: METERS,
      totals,
      byMeter: METERS.map((meter) => {
        const rows = days.filter((r) => r.meter === meter);
        return { meter, tokens: rows.reduce((sum, r) => sum + r.tokens, 0n), events: rows.reduce((sum, r) => sum + r.events, 0n) };
      }),
      byDay: everyDay(range).map((day) => ({ day, ...(perDay.get(day) ?? emptyTotals()) })),
      byModel: [...totalsBy(models, (r) => r.model)].sort(byTotalDescending).map(([model, t]) => ({ model, ...t })),
      topTenants: [...perTenant].sort(byTotalDescending).map(([tenantId, t]) => ({ tenantId, name: names.get(tenantId) ?? null, ...t })),
      tenantsWithUsage,
    };
  }
}

/** The days asked for, and the month when a month was asked for (or none, meaning this one). */
function rangeOf(query: PlatformUsageQuery, now: Date): DayRange & { period: string | null } {
  if (query.from && query.to) return { from: new Date(`${query.from}T00:00:00.000Z`), to: new Date(`${query.to}T00:00:00.000Z`), period: null };
  const period = query.period ?? periodOf(now);
  return { from: periodStart(period), to: new Date(periodEnd(period).getTime() - DAY_MS), period };
}

function everyDay({ from, to }: DayRange): string[] {
  const days: string[] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += DAY_MS) days.push(isoDay(new Date(t)));
  return days;
}
