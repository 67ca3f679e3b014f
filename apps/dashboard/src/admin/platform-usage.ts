import { AdminApi, UsageReport } from '../api/billing';

/** The whole platform's usage in a period, shaped like one tenant's report so the same charts show it. */
export async function platformUsage(api: AdminApi, period: string): Promise<{ report: UsageReport; topTenants: [string, number][] }> {
  const usage = await api.platformUsage(period);
  return {
    report: { tenantId: 'platform', period, meters: usage.meters, totals: usage.totals, byDay: usage.byDay, byModel: usage.byModel, adjustments: [] },
    topTenants: usage.topTenants.map((t) => [t.name ?? t.tenantId, Number(t.total)]),
  };
}
