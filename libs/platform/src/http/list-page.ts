import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** `?limit=&after=<id>`: a page of at most `limit` items after the item with that id (newest first unless a list says otherwise). */
export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').default(20),
  after: z.uuid('must be the id of an item of an earlier page').optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** OpenAI's list shape: pass `last_id` as `after` for the next page. */
export type ListPage<T> = { object: 'list'; data: T[]; has_more: boolean; first_id: string | null; last_id: string | null };

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

/**
 * Keyset condition for rows after the cursor row in (timestamp, id) order, descending or ascending. The cursor must
 * be one of the caller's own rows (looked up with the tenant), so another tenant's id reveals nothing.
 */
export function afterCursor<K extends string>(field: K, cursor: { id: string } & Record<K, Date>, direction: 'desc' | 'asc') {
  const beyond = direction === 'desc' ? 'lt' : 'gt';
  return { OR: [{ [field]: { [beyond]: cursor[field] } }, { [field]: cursor[field], id: { [beyond]: cursor.id } }] };
}

export function unknownCursor(after: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`after: no item ${after} in this list`] });
}
