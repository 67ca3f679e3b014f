import { ReactNode } from 'react';
import { Column, DataTable } from './data-table';
import { ErrorMessage, Loading } from './feedback';

/** A list's current page: rows undefined while it loads, the API's refusal if it failed, and its pager. */
export type ListRows<T> = { rows: T[] | undefined; error?: unknown; pager: ReactNode };

/**
 * Every list of the dashboard: loading, then the API's refusal, the list's empty state, or its table and pager.
 * Pages give the columns and what to say when there is nothing yet; `useCursorList` and `usePaged` give the rest.
 */
export function ListView<T>({
  list,
  what,
  empty,
  columns,
  rowKey,
  caption,
}: {
  list: ListRows<T>;
  /** What the list holds, as in "Loading training jobs…". */
  what: string;
  empty: ReactNode;
  columns: Column<T>[];
  rowKey: (row: T) => string | number;
  caption?: ReactNode;
}) {
  if (list.error) return <ErrorMessage error={list.error} />;
  if (list.rows === undefined) return <Loading what={what} />;
  if (list.rows.length === 0) return <>{empty}</>;
  return (
    <>
      <DataTable columns={columns} rows={list.rows} rowKey={rowKey} caption={caption} />
      {list.pager}
    </>
  );
}
