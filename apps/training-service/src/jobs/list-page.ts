import { z } from 'zod';

/** `?limit=&after=<id>`, as OpenAI's list endpoints take them. */
export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').default(20),
  after: z.uuid('must be the last_id of the previous page').optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** OpenAI's list shape. */
export function listPage<T>(data: T[], hasMore: boolean, idOf: (item: T) => string) {
  return {
    object: 'list' as const,
    data,
    first_id: data.length ? idOf(data[0]) : null,
    last_id: data.length ? idOf(data[data.length - 1]) : null,
    has_more: hasMore,
  };
}
