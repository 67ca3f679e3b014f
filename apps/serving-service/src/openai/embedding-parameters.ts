import { z } from 'zod';

/** OpenAI's bounds on one embeddings request. */
export const MAX_EMBEDDING_INPUTS = 2048;
export const MAX_EMBEDDING_REQUEST_TOKENS = 300_000;

const tokenIds = z.array(z.number().int().min(0)).min(1, 'a token array must hold at least one token id');

export const embeddingSchema = z.object({
  model: z.string().min(1, 'must name a model'),
  input: z.union(
    [
      z.string().min(1, 'must not be empty'),
      z.array(z.string().min(1, 'must not be empty')).min(1).max(MAX_EMBEDDING_INPUTS),
      tokenIds,
      z.array(tokenIds).min(1).max(MAX_EMBEDDING_INPUTS),
    ],
    {
      error: `must be a non-empty string, an array of up to ${MAX_EMBEDDING_INPUTS} non-empty strings, an array of token ids, or an array of up to ${MAX_EMBEDDING_INPUTS} such arrays`,
    },
  ),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().min(1).nullish(),
});
export type EmbeddingRequest = z.infer<typeof embeddingSchema>;

/** The inputs as a list, each either text to encode or token ids to take as they are. */
export function embeddingInputs(input: EmbeddingRequest['input']): (string | number[])[] {
  if (typeof input === 'string') return [input];
  if (typeof input[0] === 'number') return [input as number[]];
  return input as (string | number[])[];
}
