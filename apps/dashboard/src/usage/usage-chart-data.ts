import type { ChartSeries } from '../components/line-chart';
import { Meter, METERS, UsageReport } from '../api/billing';

const METER_COLORS: Record<Meter, string> = { prompt: '#0a58a8', completion: '#1d6b34', training: '#8a3ffc' };

/** Every day of the period (YYYY-MM-DD), so days without usage show as zero. */
function daysOf(period: string): string[] {
  const [year, month] = period.split('-').map(Number);
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
}

/**
 * The usage chart's data: tokens by day per meter, the running total, and the included tokens as a line. Days after
 * `today` (UTC) have not happened: their bars are empty and the running total stops at today instead of drawing a
 * flat line into the future as if it were known.
 */
export function usageChartData(report: UsageReport, includedTokens: bigint | null, today: string = new Date().toISOString().slice(0, 10)): { x: number[]; series: ChartSeries[] } {
  const days = daysOf(report.period);
  const byDay = new Map(report.byDay.map((d) => [d.day, d]));
  const happened = (day: string) => day <= today;
  const perMeter = METERS.map((m) => days.map((day) => (happened(day) ? Number(byDay.get(day)?.[m] ?? 0) : null)));
  let running = 0;
  const cumulative = days.map((day) => (happened(day) ? (running += Number(byDay.get(day)?.total ?? 0)) : null));
  return {
    x: days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000),
    series: [
      ...METERS.map((m, i) => ({ label: `${m} tokens that day`, values: perMeter[i], color: METER_COLORS[m], bars: true })),
      { label: 'running total', values: cumulative, color: '#1b1f24' },
      ...(includedTokens !== null ? [{ label: 'included tokens (quota)', values: days.map(() => Number(includedTokens)), color: '#a4161a', dash: [6, 4] }] : []),
    ],
  };
}
