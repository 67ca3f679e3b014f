import { Key, ReactNode } from 'react';

export type Column<T> = {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Needed where the header is not a string. */
  key?: string;
  /** Right-aligned figures, header and cells alike. */
  number?: boolean;
  /** A class for the cells only (the header stays plain), such as `mono` for ids. */
  cellClassName?: string;
  /** The cell that names its row: a row header, so screen readers announce it with each figure. */
  rowHeader?: boolean;
  /** A drawing next to the figures (a bar) that screen readers skip. */
  decorative?: string;
};

/** The one table of the dashboard: a header row from the columns, a row per item, an optional footer. */
export function DataTable<T>({ columns, rows, rowKey, caption, footer }: { columns: Column<T>[]; rows: T[]; rowKey: (row: T) => Key; caption?: ReactNode; footer?: ReactNode }) {
  const keyOf = (column: Column<T>, i: number) => column.key ?? (typeof column.header === 'string' ? column.header : i);
  const classOf = (column: Column<T>, cell: boolean) =>
    [column.number && 'number', column.decorative, cell && column.cellClassName].filter(Boolean).join(' ') || undefined;
  return (
    <table>
      {caption && <caption className="muted">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th scope="col" key={keyOf(column, i)} className={classOf(column, false)} aria-hidden={column.decorative ? true : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column, i) => {
              const key = keyOf(column, i);
              const props = { className: classOf(column, true), 'aria-hidden': column.decorative ? true : undefined };
              return column.rowHeader ? (
                <th scope="row" key={key} {...props}>
                  {column.cell(row)}
                </th>
              ) : (
                <td key={key} {...props}>{column.cell(row)}</td>
              );
            })}
          </tr>
        ))}
      </tbody>
      {footer && <tfoot>{footer}</tfoot>}
    </table>
  );
}
