/** Counts per category as a table with proportional bars: readable as numbers, visible as a chart. */
export function BarList({ title, rows, unit = '', emptyText }: { title: string; rows: [string, number][]; unit?: string; emptyText: string }) {
  const max = Math.max(1, ...rows.map(([, value]) => value));
  return (
    <figure className="bar-list">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Count</th>
              <th scope="col" aria-hidden="true" className="bar-col" />
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="number">
                  {value.toLocaleString('en-US')}
                  {unit}
                </td>
                <td className="bar-col" aria-hidden="true">
                  <span className="bar" style={{ width: `${(value / max) * 100}%` }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}

export const sortedEntries = (record: Record<string, number> | undefined): [string, number][] =>
  Object.entries(record ?? {}).sort(([, a], [, b]) => b - a);
