import { Column, DataTable } from './data-table';

/** Counts per category as a table with proportional bars: readable as numbers, visible as a chart. */
export function BarList({ title, rows, unit = '', emptyText }: { title: string; rows: [string, number][]; unit?: string; emptyText: string }) {
  const max = Math.max(1, ...rows.map(([, value]) => value));
  const columns: Column<[string, number]>[] = [
    { header: 'Name', rowHeader: true, cell: ([name]) => name },
    {
      header: 'Count',
      number: true,
      cell: ([, value]) => (
        <>
          {value.toLocaleString('en-US')}
          {unit}
        </>
      ),
    },
    { header: '', key: 'bar', decorative: 'bar-col', cell: ([, value]) => <span className="bar" style={{ width: `${(value / max) * 100}%` }} /> },
  ];
  return (
    <figure className="bar-list">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <DataTable columns={columns} rows={rows} rowKey={([name]) => name} />
      )}
    </figure>
  );
}

export const sortedEntries = (record: Record<string, number> | undefined): [string, number][] =>
  Object.entries(record ?? {}).sort(([, a], [, b]) => b - a);
