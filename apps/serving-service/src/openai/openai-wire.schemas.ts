import { z } from 'zod';

/**
 * The response bodies serving answers, under the component names OpenAI's own document gives them (its SDKs and
 * generators key on them). Built beside completion-formats.ts and the views that produce them.
 */
export const openAiErrorSchema = z
  .object({
    error: z
      .object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() })
      .meta({ id: 'Error' }),
  })
  .meta({ example: { error: { message: 'The model `nope` does not exist or you do not have access to it.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } } });

const finishReason = z.enum(['stop', 'length', 'tool_calls', 'content_filter']);
const logprobs = z.looseObject({}).nullable().meta({ description: 'Present when the request asked for logprobs' });

const usage = z
  .looseObject({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() })
  .meta({ id: 'CompletionUsage' });

const toolCall = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const head = {
  id: z.string(),
  created: z.number().int(),
  model: z.string(),
  system_fingerprint: z.string().nullable(),
};

export const chatCompletionResponse = z
  .looseObject({
    ...head,
    object: z.literal('chat.completion'),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.looseObject({ role: z.literal('assistant'), content: z.string().nullable(), refusal: z.string().nullable(), tool_calls: z.array(toolCall).optional() }),
        logprobs,
        finish_reason: finishReason,
      }),
    ),
    usage,
  })
  .meta({ id: 'CreateChatCompletionResponse' });

export const chatCompletionChunk = z
  .looseObject({
    ...head,
    object: z.literal('chat.completion.chunk'),
    choices: z.array(
      z.object({
        index: z.number().int(),
        delta: z.looseObject({ role: z.literal('assistant').optional(), content: z.string().nullable().optional(), tool_calls: z.array(z.looseObject({ index: z.number().int() })).optional() }),
        logprobs,
        finish_reason: finishReason.nullable(),
      }),
    ),
    usage: usage.nullable().optional(),
  })
  .meta({ id: 'CreateChatCompletionStreamResponse' });

const textChoice = z.object({ index: z.number().int(), text: z.string(), logprobs, finish_reason: finishReason.nullable() });

export const completionResponse = z
  .looseObject({ ...head, object: z.literal('text_completion'), choices: z.array(textChoice), usage: usage.nullable().optional() })
  .meta({ id: 'CreateCompletionResponse', description: 'Also each streamed event (finish_reason null until the last)' });

export const embeddingResponse = z
  .object({
    object: z.literal('list'),
    data: z.array(z.object({ object: z.literal('embedding'), index: z.number().int(), embedding: z.union([z.array(z.number()), z.string().meta({ description: 'base64 of little-endian float32' })]) })),
    model: z.string(),
    usage: z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }),
  })
  .meta({ id: 'CreateEmbeddingResponse' });

/** OpenAI's model object; an alias (a deployment) adds the versions it splits requests between. */
export const modelObject = z
  .object({
    id: z.string(),
    object: z.literal('model'),
    created: z.number().int(),
    owned_by: z.string(),
    targets: z
      .array(z.object({ model: z.string().nullable().meta({ description: 'the name the version answers under; null until this process has loaded it' }), modelId: z.string(), weight: z.number().int() }))
      .optional()
      .meta({ description: 'only on aliases: each version and its share of requests (percent)' }),
  })
  .meta({ id: 'Model' });

export const listModelsResponse = z.object({ object: z.literal('list'), data: z.array(modelObject) }).meta({ id: 'ListModelsResponse' });

export const deleteModelResponse = z.object({ id: z.string(), object: z.literal('model'), deleted: z.literal(true) }).meta({ id: 'DeleteModelResponse' });
