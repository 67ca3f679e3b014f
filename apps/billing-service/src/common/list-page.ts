import { CountedListPage, countedListPage, keysetPage, KeysetOrder, KeysetSource, ListQuery } from '@llmchain/platform';

/**
 * One page of a list, counted (billing's lists say how many items they hold): the platform's keyset page, with
 * `count` the whole list's size.
 */
export async function countedKeysetPage<Key extends string, Row extends { id: string }>(
  query: ListQuery,
  order: KeysetOrder<Key>,
  source: KeysetSource<Key, Row> & { count(): Promise<number> },
): Promise<CountedListPage<Row>> {
  const [total, rows] = await Promise.all([source.count(), keysetPage(query, order, source)]);
  return countedListPage(rows, query.limit, (row) => row, total);
}

/** Applies a view to every item of a page. */
export function mapList<Row, View>(list: CountedListPage<Row>, view: (row: Row) => View): CountedListPage<View> {
  return { ...list, data: list.data.map(view) };
}
