import { RouteDoc } from '@llmchain/platform';
import { embeddingSchema } from './embedding-parameters';
import {
  chatCompletionChunk,
  chatCompletionResponse,
  completionResponse,
  deleteModelResponse,
  embeddingResponse,
  listModelsResponse,
  modelObject,
} from './openai-wire.schemas';
import { chatCompletionSchema, completionSchema } from './request-parameters';

const serving = { caller: 'tenant', auth: { apiKey: 'serving' } } as const;
/** An unknown model 404s; limits, quota and a full queue 429. */
const inferenceErrors = [404, 429];

/** OpenAI's inference and model routes (completions.controller.ts, embeddings.controller.ts, models.controller.ts). */
export const OPENAI_ROUTES: readonly RouteDoc[] = [
  {
    ...serving,
    method: 'POST',
    path: '/v1/chat/completions',
    operationId: 'createChatCompletion',
    summary: 'Chat completion (the model’s own chat template)',
    description: 'Unknown parameters are refused (400, code unknown_parameter); OpenAI parameters this server cannot honour are refused unless at their no-op value.',
    body: chatCompletionSchema.meta({ id: 'CreateChatCompletionRequest' }),
    example: { model: 'my-model', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16 },
    errors: inferenceErrors,
    responses: { 200: { description: 'chat.completion, or chat.completion.chunk events when stream is true', json: chatCompletionResponse, sse: chatCompletionChunk } },
  },
  {
    ...serving,
    method: 'POST',
    path: '/v1/completions',
    operationId: 'createCompletion',
    summary: 'Text completion',
    body: completionSchema.meta({ id: 'CreateCompletionRequest' }),
    example: { model: 'my-model', prompt: 'Once upon a time', max_tokens: 16 },
    errors: inferenceErrors,
    responses: { 200: { description: 'text_completion, or text_completion events when stream is true', json: completionResponse, sse: completionResponse } },
  },
  {
    ...serving,
    method: 'POST',
    path: '/v1/embeddings',
    operationId: 'createEmbedding',
    summary: 'Embeddings: the mean over each input’s tokens of the model’s final LayerNorm output (not normalized)',
    body: embeddingSchema.meta({ id: 'CreateEmbeddingRequest' }),
    example: { model: 'my-model', input: ['first text', 'second text'] },
    errors: inferenceErrors,
    responses: { 200: { description: 'One embedding per input', json: embeddingResponse } },
  },
  { ...serving, method: 'GET', path: '/v1/models', operationId: 'listModels', summary: 'The calling tenant’s models, adapters and the platform’s bases', responses: { 200: { description: 'Models', json: listModelsResponse } } },
  { ...serving, method: 'GET', path: '/v1/models/:model', operationId: 'retrieveModel', summary: 'One model', responses: { 200: { description: 'The model', json: modelObject } } },
  {
    ...serving,
    method: 'DELETE',
    path: '/v1/models/:model',
    operationId: 'deleteModel',
    summary: 'Unload a model and stop serving it (a platform base is only the platform’s to delete)',
    responses: { 200: { description: 'Deleted', json: deleteModelResponse } },
  },
];
