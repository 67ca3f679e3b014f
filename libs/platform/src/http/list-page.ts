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
 * Keyset condition for rows after the cursor row in (timestamp, id) order, descending or ascending. The cursor must
 * be one of the caller's own rows (looked up with the tenant), so another tenant's id reveals nothing.
 */
export function afterCursor<K extends string>(field: K, cursor: { id: string } & Record<K, Date>, direction: 'desc' | 'asc') {
  const beyond = direction === 'desc' ? 'lt' : 'gt';
  return { OR: [{ [field]: { [beyond]: cursor[field] } }, { [field]: cursor[field], id: { [beyond]: cursor.id } }] };
}

/** An `after` that names no item of the list (another list's, another tenant's, or a deleted one). */
export function unknownCursor(after: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`after: ${after} is not an item of this list; pass the last_id of the previous page`] });
}
