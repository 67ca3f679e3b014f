import { z } from 'zod';
import { OpenAiError } from '../common/openai-error';
import { responseFormatSchema } from './response-format';
import { toolFields } from './tools';

/** OpenAI parameters that change nothing here; accepted so existing clients work unchanged. */
const IGNORED = new Set(['user', 'metadata', 'store', 'service_tier', 'prompt_cache_key', 'safety_identifier']);

/**
 * OpenAI parameters this server cannot honour: accepted only at their no-op value, otherwise refused by name
 * rather than silently misread.
 */
const UNSUPPORTED_UNLESS: Record<string, (value: unknown) => boolean> = {
  frequency_penalty: (v) => v === 0,
  presence_penalty: (v) => v === 0,
  logit_bias: (v) => typeof v === 'object' && v !== null && Object.keys(v).length === 0,
  best_of: (v) => v === 1,
  suffix: (v) => v === '',
  functions: (v) => Array.isArray(v) && v.length === 0,
  function_call: (v) => v === 'none',
  modalities: (v) => Array.isArray(v) && v.length === 1 && v[0] === 'text',
  audio: () => false,
  prediction: () => false,
  reasoning_effort: () => false,
  web_search_options: () => false,
};

/** Fields both endpoints read, with OpenAI's ranges. */
export const samplingFields = {
  model: z.string().min(1, 'must name a model'),
  max_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(4)]).nullish(),
  seed: z.number().int().nullish(),
  n: z.number().int().min(1).max(16).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullish(),
};

export type SamplingParams = z.infer<z.ZodObject<typeof samplingFields>>;

/** Splits a body into the fields the schema knows; refuses unknown names and unsupported values with a clear message. */
export function parseRequest<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, body: unknown): z.infer<z.ZodObject<Shape>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw OpenAiError.invalid('The request body must be a JSON object.');
  const known: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    // Own names only: `in` would also find "constructor" or "__proto__", which every object inherits.
    if (Object.hasOwn(schema.shape, name)) known[name] = value;
    else if (value === null || value === undefined || IGNORED.has(name)) continue;
    else if (Object.hasOwn(UNSUPPORTED_UNLESS, name)) {
      if (!UNSUPPORTED_UNLESS[name](value)) throw OpenAiError.invalid(`${name} is not supported by this server; remove it from the request.`, name, 'unsupported_parameter');
    } else throw OpenAiError.invalid(`Unrecognized request argument supplied: ${name}`, name, 'unknown_parameter');
  }
  const result = schema.safeParse(known);
  if (!result.success) {
    const issue = result.error.issues[0];
    const param = issue.path.join('.') || null;
    throw OpenAiError.invalid(`Invalid value for ${param ?? 'the body'}: ${issue.message}`, param, 'invalid_value');
  }
  return result.data;
}

const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });

const messageToolCall = z.strictObject({
  id: z.string().min(1).max(128),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1).max(64), arguments: z.string() }),
});

export const chatCompletionSchema = z
  .object({
    ...samplingFields,
    ...toolFields,
    messages: z
      .array(
        z
          .object({
            role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
            // null only for an assistant turn that called tools.
            content: z.union([z.string(), z.array(textPart).min(1, 'must hold at least one content part')]).nullable(),
            name: z.string().optional(),
            tool_calls: z.array(messageToolCall).max(128).optional(),
            tool_call_id: z.string().min(1).max(128).optional(),
          })
          .refine((m) => m.content !== null || (m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 0), {
            message: 'content may be null only in an assistant message with tool_calls',
            path: ['content'],
          })
          .refine((m) => m.role !== 'tool' || m.tool_call_id !== undefined, { message: 'a tool message needs the tool_call_id it answers', path: ['tool_call_id'] }),
      )
      .min(1, 'must hold at least one message'),
    max_completion_tokens: z.number().int().min(1).nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    response_format: responseFormatSchema.nullish(),
  })
  .refine((request) => !request.top_logprobs || request.logprobs, { message: 'top_logprobs needs logprobs: true', path: ['top_logprobs'] });
export type ChatCompletionRequest = z.infer<typeof chatCompletionSchema>;

export const completionSchema = z.object({
  ...samplingFields,
  // An array of one token-id array is how lm-evaluation-harness sends a tokenized prompt.
  prompt: z.union([z.string(), z.array(z.string()).length(1), z.array(z.number().int().min(0)).min(1), z.array(z.array(z.number().int().min(0)).min(1)).length(1)], {
    error: 'must be a string, an array of one string, an array of token ids or an array of one such array; send one request per prompt',
  }),
  // 0 scores the prompt (with echo and logprobs) and generates nothing.
  max_tokens: z.number().int().min(0).nullish(),
  logprobs: z.number().int().min(0).max(5).nullish(),
  echo: z.boolean().nullish(),
});
export type CompletionRequest = z.infer<typeof completionSchema>;
