import { listQuerySchemaWith } from '@llmchain/platform';
import { z } from 'zod';

/**
 * The platform's list query on the files and batches lists, whose ids are OpenAI-style (file-…, batch_…), not UUIDs.
 * Parameters these lists do not take (OpenAI's `order`) are dropped, not refused, as OpenAI's clients may send them.
 */
export const batchListQuery = listQuerySchemaWith(z.string().min(1).max(128)).strip();

export const fileListQuery = batchListQuery.extend({ purpose: z.enum(['batch', 'batch_output']).optional() });
