import { describe, expect, it } from '@jest/globals';
import { UsageReport } from '../api/billing';
import { usageChartData } from './usage-chart-data';

const totals = (prompt: number, completion: number, training: number) => ({
  prompt: String(prompt),
  completion: String(completion),
  training: String(training),
  total: String(prompt + completion + training),
});

/** November 2026 (30 days) with usage on the 2nd and the 10th. */
const report: UsageReport = {
  tenantId: 't-1',
  period: '2026-11',
  totals: totals(30, 20, 1000),
  byDay: [
    { day: '2026-11-02', ...totals(10, 5, 0) },
    { day: '2026-11-10', ...totals(20, 15, 1000) },
  ],
  byModel: [],
  adjustments: [],
} as unknown as UsageReport;

const series = (data: ReturnType<typeof usageChartData>, label: string) => data.series.find((s) => s.label === label)!.values;

describe('usage chart data', () => {
  it('runs the total up to today and leaves the days that have not happened empty', () => {
    const data = usageChartData(report, 5000n, '2026-11-12');
    expect(data.x).toHaveLength(30);
    expect(data.x[0]).toBe(Date.UTC(2026, 10, 1) / 1000);
    const running = series(data, 'running total');
    // Summed by hand from byDay: 15 on the 2nd, 1,050 from the 10th; nothing drawn after the 12th.
    expect(running.slice(0, 12)).toEqual([0, 15, 15, 15, 15, 15, 15, 15, 15, 1050, 1050, 1050]);
    expect(running.slice(12)).toEqual(Array(18).fill(null));
    expect(series(data, 'training tokens that day').slice(8, 13)).toEqual([0, 1000, 0, 0, null]);
    // The quota is a limit for the whole month, known in advance.
    expect(series(data, 'included tokens (quota)')).toEqual(Array(30).fill(5000));
  });

  it('draws every day of a month that has ended, and none of one that has not begun', () => {
    expect(series(usageChartData(report, null, '2026-12-03'), 'running total')).toEqual([0, ...Array(8).fill(15), ...Array(21).fill(1050)]);
    expect(series(usageChartData(report, null, '2026-10-31'), 'running total').every((v) => v === null)).toBe(true);
  });
});
