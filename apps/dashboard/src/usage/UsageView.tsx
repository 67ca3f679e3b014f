import { useMemo } from 'react';
import { METERS, UsageReport } from '../api/billing';
import { Column, DataTable } from '../components/data-table';
import { BarList } from '../components/bar-list';
import { EmptyState } from '../components/feedback';
import { formatInteger } from '../components/format';
import { LineChart } from '../components/line-chart';
import { usageChartData } from './usage-chart-data';

const DAY_COLUMNS: Column<UsageReport['byDay'][number]>[] = [
  { header: 'Day', cell: (d) => d.day },
  ...METERS.map((m): Column<UsageReport['byDay'][number]> => ({ header: m, number: true, cell: (d) => formatInteger(d[m]) })),
  { header: 'total', number: true, cell: (d) => formatInteger(d.total) },
];

/** A period's usage: tokens by day per meter with the running total against the included tokens, by model, by meter. */
export function UsageView({ report, includedTokens }: { report: UsageReport; includedTokens: bigint | null }) {
  const chart = useMemo(() => usageChartData(report, includedTokens), [report, includedTokens]);

  if (BigInt(report.totals.total) === 0n && report.adjustments.length === 0)
    return (
      <EmptyState title={`No usage billed in ${report.period}`}>
        Tokens appear here as the tenant’s programs call the serving API and its training jobs finish. Pick another month above to look back.
      </EmptyState>
    );
  return (
    <>
      <ul className="stats" aria-label="Totals">
        {(['total', ...METERS] as const).map((m) => (
          <li key={m}>
            <span className="label">{m === 'total' ? 'All tokens' : `${m} tokens`}</span>
            <span className="value">{formatInteger(report.totals[m])}</span>
          </li>
        ))}
        {includedTokens !== null && (
          <li>
            <span className="label">Included in plan</span>
            <span className="value">{formatInteger(includedTokens)}</span>
          </li>
        )}
      </ul>
      <LineChart title={`Tokens by day in ${report.period}`} x={chart.x} series={chart.series} time yLabel="tokens" />
      <div className="grid">
        <BarList title="Tokens by model" rows={report.byModel.map((m) => [m.model, Number(m.total)] as [string, number])} emptyText="No model used yet." />
        <BarList title="Tokens by meter" rows={METERS.map((m) => [m, Number(report.totals[m])] as [string, number])} emptyText="No tokens yet." />
      </div>
      <details>
        <summary>The numbers by day</summary>
        <DataTable columns={DAY_COLUMNS} rows={report.byDay} rowKey={(d) => d.day} />
      </details>
      {report.adjustments.length > 0 && (
        <p className="muted">
          {report.adjustments.length} late usage record(s) from earlier months are billed in this period as adjustments.
        </p>
      )}
    </>
  );
}
