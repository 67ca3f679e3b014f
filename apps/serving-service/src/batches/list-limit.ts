import { OpenAiError } from '../openai/openai-error';

/** OpenAI's `limit` on list routes: 1 to 100, 20 when absent. */
export function listLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw OpenAiError.invalid('limit must be a whole number from 1 to 100.', 'limit');
  return limit;
}
