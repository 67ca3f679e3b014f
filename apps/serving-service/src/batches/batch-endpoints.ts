import { refuseUnstorableText } from '@llmchain/platform';
import { OpenAiError } from '../common/openai-error';
import { chatCompletionCall, textCompletionCall } from '../openai/completion-requests';
import { embeddingSchema } from '../openai/embedding-parameters';
import { parseRequest } from '../openai/request-parameters';

/** The endpoints a batch may call, each with the check its request bodies must pass. */
export const BATCH_ENDPOINTS = {
  '/v1/chat/completions': (body: unknown) => void chatCompletionCall(body),
  '/v1/completions': (body: unknown) => void textCompletionCall(body),
  '/v1/embeddings': (body: unknown) => void parseRequest(embeddingSchema, body),
} as const;

export type BatchEndpoint = keyof typeof BATCH_ENDPOINTS;

export const isBatchEndpoint = (url: unknown): url is BatchEndpoint => typeof url === 'string' && Object.hasOwn(BATCH_ENDPOINTS, url);

/** One input line, checked: the same checks as the endpoint's own, so a request that would be a 400 is refused at upload. */
export type BatchInputLine = { customId: string; url: BatchEndpoint; body: Record<string, unknown> };

const MAX_CUSTOM_ID = 512;

/** Parses line `lineNumber` (1-based) of a batch input file; every refusal names the line and what to fix. */
export function parseBatchInputLine(text: string, lineNumber: number): BatchInputLine {
  const refuse = (message: string) => OpenAiError.invalid(`Line ${lineNumber}: ${message}`, 'file', 'invalid_batch_line');
  let value: unknown;
  try {
    value = JSON.parse(text, refuseUnstorableText);
  } catch (error) {
    const storable = (error as { status?: number }).status === 400;
    throw refuse(storable ? `${(error as Error).message}.` : 'is not valid JSON; each line must be one JSON object.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('must be a JSON object with custom_id, method, url and body.');
  const line = value as Record<string, unknown>;
  const unknown = Object.keys(line).find((key) => !['custom_id', 'method', 'url', 'body'].includes(key));
  if (unknown) throw refuse(`has an unknown field "${unknown}"; a line holds custom_id, method, url and body.`);
  if (typeof line.custom_id !== 'string' || line.custom_id.length === 0 || line.custom_id.length > MAX_CUSTOM_ID) {
    throw refuse(`custom_id must be a string of 1 to ${MAX_CUSTOM_ID} characters.`);
  }
  if (line.method !== 'POST') throw refuse('method must be "POST".');
  if (!isBatchEndpoint(line.url)) throw refuse(`url must be one of ${Object.keys(BATCH_ENDPOINTS).join(', ')}.`);
  if (typeof line.body !== 'object' || line.body === null || Array.isArray(line.body)) throw refuse('body must be a JSON object: the request for the url.');
  const body = line.body as Record<string, unknown>;
  if (body.stream === true) throw refuse('body.stream must not be true: batch answers are not streamed.');
  try {
    BATCH_ENDPOINTS[line.url](body);
  } catch (error) {
    if (error instanceof OpenAiError) throw refuse(`body: ${error.message}`);
    throw error;
  }
  return { customId: line.custom_id, url: line.url, body };
}
