import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/**
 * Lists page the way OpenAI's API does: `?limit=` (1-100, default 20) and `?after=<last_id of the previous page>`
 * answer `{object: 'list', data, first_id, last_id, has_more, total}`. A call without them gets the first page, never
 * the whole table: an unbounded list grows with the platform until one call exhausts the process.
 */
export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
  after: z.uuid('must be the last_id of the previous page').optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const DEFAULT_PAGE_SIZE = 20;

export type ListPage<T> = { object: 'list'; data: T[]; first_id: string | null; last_id: string | null; has_more: boolean; total: number };

export type ListResult<T> = ListPage<T>;

/** How a repository reads one list: `after` narrows to the rows after an anchor (or is empty), in the list's order. */
export type ListSource<Row, Where> = {
  count(): Promise<number>;
  /** The row with this id, if it belongs to the list. */
  find(id: string): Promise<Row | null>;
  rows(after: Where, take: number): Promise<Row[]>;
};

/**
 * The whole list or one page of it, ordered by `keyFields` ascending (the last one unique, so the order is total);
 * a page starts after the row `after` names, compared on those fields, so rows added meanwhile never shift a page.
 */
export async function listOrPage<Row extends { id: string }, Where extends object>(
  query: ListQuery,
  keyFields: readonly (keyof Row & string)[],
  source: ListSource<Row, Where>,
): Promise<ListResult<Row>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  let after = {} as Where;
  if (query.after) {
    const anchor = await source.find(query.after);
    if (!anchor) throw new BadRequestException(`after: ${query.after} is not an item of this list; pass the last_id of the previous page`);
    after = rowsAfter(keyFields, anchor) as Where;
  }
  const [total, rows] = await Promise.all([source.count(), source.rows(after, limit + 1)]);
  const data = rows.slice(0, limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null, has_more: rows.length > limit, total };
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
export function mapList<Row, View>(list: ListResult<Row>, view: (row: Row) => View): ListResult<View> {
  return { ...list, data: list.data.map(view) };
}
