import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

const pageSize = z.coerce.number().int('must be a whole number').min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').default(20);

/**
 * Lists page the way OpenAI's API does: `?limit=` (1-100, default 20) and `?after=<last_id of the previous page>`
 * answer a ListPage. A call without them gets the first page, never the whole table: an unbounded list grows with
 * the platform until one call exhausts the process. `after` is a UUID unless a list's ids have another shape
 * (serving's OpenAI-style file-… and batch_… ids).
 */
export function listQuerySchemaWith<Cursor extends z.ZodType<string>>(cursor: Cursor) {
  return z.strictObject({ limit: pageSize, after: cursor.optional() });
}

export const listQuerySchema = listQuerySchemaWith(z.uuid('must be the last_id of the previous page'));
export type ListQuery = z.infer<typeof listQuerySchema>;

/** OpenAI's list shape: pass `last_id` as `after` for the next page. `total`, where a list counts its items. */
export type ListPage<T> = { object: 'list'; data: T[]; has_more: boolean; first_id: string | null; last_id: string | null; total?: number };

/** A list that counts every item it holds (billing's): `total` is the whole list's, not the page's. */
export type CountedListPage<T> = ListPage<T> & { total: number };

/** The page from `limit + 1` rows read: the extra row only says whether there is more. */
export function listPage<Row extends { id: string | bigint }, T>(rows: Row[], limit: number, view: (row: Row) => T): ListPage<T> {
  const page = rows.slice(0, limit);
  return {
    object: 'list',
    data: page.map(view),
    has_more: rows.length > limit,
    first_id: page.length ? String(page[0].id) : null,
    last_id: page.length ? String(page[page.length - 1].id) : null,
  };
}

/** listPage with the count of the whole list. */
export function countedListPage<Row extends { id: string | bigint }, T>(rows: Row[], limit: number, view: (row: Row) => T, total: number): CountedListPage<T> {
  return { ...listPage(rows, limit, view), total };
}

/**
 * The order a list pages in: by `keys` (the last one unique, so the order is total and a cursor names one place in
 * it), all in `direction`. Pages are keyset pages: a page starts after the row `after` names, compared on the keys,
 * so rows added meanwhile never shift a page as an offset would.
 */
export type KeysetOrder<Key extends string> = { readonly keys: readonly Key[]; readonly direction: 'asc' | 'desc' };

/** Most lists' order: newest first, rows created in the same millisecond in id order. */
export const NEWEST_FIRST = { keys: ['createdAt', 'id'], direction: 'desc' } as const satisfies KeysetOrder<string>;

/** One page's read, as a Prisma findMany takes it: `after` goes into the list's own where (AND), `{}` on the first page. */
export type KeysetPageRead<Key extends string> = { after: object; orderBy: Partial<Record<Key, 'asc' | 'desc'>>[]; take: number };

/** How a repository reads one list. */
export type KeysetSource<Key extends string, Row> = {
  /**
   * The row `after` names, when it is an item of this list for this caller: looked up within the tenant (or parent),
   * so another tenant's id is not found and pages nothing of theirs. Filters that narrow the list (a status, a
   * purpose) do not belong here: a row that left the filter since it was returned still names its place.
   */
  find(id: string): Promise<Record<Key, unknown> | null>;
  /** Up to `take` rows of the list, in `orderBy`, narrowed by `after`. */
  rows(read: KeysetPageRead<Key>): Promise<Row[]>;
};

/**
 * The rows of one page of a list, `limit + 1` of them (listPage's extra row says whether there is more), after the
 * row `after` names in `order`. Throws unknownCursor (400) when `after` is not an item of the list.
 */
export async function keysetPage<Key extends string, Row>(
  { limit, after }: { limit: number; after?: string },
  order: KeysetOrder<Key>,
  source: KeysetSource<Key, Row>,
): Promise<Row[]> {
  let beyond = {};
  if (after !== undefined) {
    const cursor = await source.find(after);
    if (!cursor) throw unknownCursor(after);
    beyond = rowsAfter(order, cursor);
  }
  return source.rows({ after: beyond, orderBy: orderByKeys(order), take: limit + 1 });
}

/** The order as a Prisma orderBy, for the reads of a list that are not paged. */
export function orderByKeys<Key extends string>({ keys, direction }: KeysetOrder<Key>): Partial<Record<Key, 'asc' | 'desc'>>[] {
  return keys.map((key) => ({ [key]: direction }) as Partial<Record<Key, 'asc' | 'desc'>>);
}

/** (k1, k2, …) beyond (c1, c2, …) in the order's direction, as a Prisma filter: k1 beyond c1, or k1 = c1 and k2 beyond c2, … */
function rowsAfter<Key extends string>({ keys, direction }: KeysetOrder<Key>, cursor: Record<Key, unknown>): object {
  const beyond = direction === 'desc' ? 'lt' : 'gt';
  return {
    OR: keys.map((key, i) => ({
      ...Object.fromEntries(keys.slice(0, i).map((equal) => [equal, cursor[equal]])),
      [key]: { [beyond]: cursor[key] },
    })),
  };
}

/** An `after` that names no item of the list (another list's, another tenant's, or a deleted one). */
export function unknownCursor(after: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`after: ${after} is not an item of this list; pass the last_id of the previous page`] });
}
