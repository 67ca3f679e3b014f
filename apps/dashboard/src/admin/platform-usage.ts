import { AdminApi, METERS, MeterTotals, UsageReport } from '../api/billing';

const zero = (): MeterTotals => ({ prompt: '0', completion: '0', training: '0', total: '0' });
const add = (a: MeterTotals, b: MeterTotals): MeterTotals =>
  Object.fromEntries((['total', ...METERS] as const).map((m) => [m, (BigInt(a[m]) + BigInt(b[m])).toString()])) as MeterTotals;

/** Usage of the whole platform in a period: every tenant's report added up by day, model and meter. */
export async function platformUsage(api: AdminApi, period: string): Promise<UsageReport> {
  const tenants = await api.tenants();
  const reports = await Promise.all(tenants.map((t) => api.usage(t.id, period)));
  const byDay = new Map<string, MeterTotals>();
  const byModel = new Map<string, MeterTotals>();
  let totals = zero();
  for (const report of reports) {
    totals = add(totals, report.totals);
    for (const { day, ...t } of report.byDay) byDay.set(day, add(byDay.get(day) ?? zero(), t));
    for (const { model, ...t } of report.byModel) byModel.set(model, add(byModel.get(model) ?? zero(), t));
  }
  return {
    tenantId: 'platform',
    period,
    totals,
    byDay: [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, t]) => ({ day, ...t })),
    byModel: [...byModel].map(([model, t]) => ({ model, ...t })),
    adjustments: reports.flatMap((r) => r.adjustments),
  };
}
