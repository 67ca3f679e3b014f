import { z } from 'zod';
import { listQuerySchema } from '../http/list-page';

/** The platform's error answer (Nest's shape): `message` names what to fix, one line per field on a 400. */
export const platformErrorSchema = z
  .looseObject({
    statusCode: z.number().int(),
    error: z.string().optional(),
    message: z.union([z.string(), z.array(z.string())]),
  })
  .meta({ example: { statusCode: 400, error: 'Bad Request', message: ['name: Too small: expected string to have >=1 characters'] } });

/** One page of a list, OpenAI's way (see listPage and keysetPage): pass `last_id` as `after` for the next page. */
export const listPageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({
    object: z.literal('list'),
    data: z.array(item),
    first_id: z.string().nullable(),
    last_id: z.string().nullable(),
    has_more: z.boolean(),
    // Only the lists that count their rows say how many there are.
    total: z.number().int().min(0).optional(),
  });

/** `?limit=&after=`, the query of every paged list. */
export const pageQuery = listQuerySchema;

export const isoDateTime = z.iso.datetime({ offset: true });
export const uuid = z.uuid();

