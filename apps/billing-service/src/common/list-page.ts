import { CountedListPage, countedListPage, ListQuery, unknownCursor } from '@llmchain/platform';

/** How a repository reads one list: `after` narrows to the rows after an anchor (or is empty), in the list's order. */
export type ListSource<Row, Where> = {
  count(): Promise<number>;
  /** The row with this id, if it belongs to the list. */
  find(id: string): Promise<Row | null>;
  rows(after: Where, take: number): Promise<Row[]>;
};

/**
 * One page of a list, counted (the platform's list contract), ordered by `keyFields` ascending (the last one unique,
 * so the order is total); a page starts after the row `after` names, compared on those fields, so rows added
 * meanwhile never shift a page.
 */
export async function listOrPage<Row extends { id: string }, Where extends object>(
  query: ListQuery,
  keyFields: readonly (keyof Row & string)[],
  source: ListSource<Row, Where>,
): Promise<CountedListPage<Row>> {
  let after = {} as Where;
  if (query.after) {
    const anchor = await source.find(query.after);
    if (!anchor) throw unknownCursor(query.after);
    after = rowsAfter(keyFields, anchor) as Where;
  }
  const [total, rows] = await Promise.all([source.count(), source.rows(after, query.limit + 1)]);
  return countedListPage(rows, query.limit, (row) => row, total);
}

/** (k1, k2, …) > (a1, a2, …) as a Prisma filter. */
function rowsAfter<Row>(keyFields: readonly (keyof Row & string)[], anchor: Row): object {
  return {
    OR: keyFields.map((field, i) => ({
      ...Object.fromEntries(keyFields.slice(0, i).map((equal) => [equal, anchor[equal]])),
      [field]: { gt: anchor[field] },
    })),
  };
}

/** The Prisma orderBy of a list's key fields. */
export function orderOf(keyFields: readonly string[]): Record<string, 'asc'>[] {
  return keyFields.map((field) => ({ [field]: 'asc' as const }));
}

/** Applies a view to every item of a page. */
export function mapList<Row, View>(list: CountedListPage<Row>, view: (row: Row) => View): CountedListPage<View> {
  return { ...list, data: list.data.map(view) };
}
