import { z } from 'zod';

/** OpenAI's `?limit=&after=` on the files and batches lists; ids here are OpenAI-style (file-…, batch_…), not UUIDs. */
export const batchListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).max(128).optional(),
});

export const fileListQuery = batchListQuery.extend({ purpose: z.enum(['batch', 'batch_output']).optional() });
