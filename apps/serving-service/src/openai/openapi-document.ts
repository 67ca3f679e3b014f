import { buildOpenApiDocument, OPERATIONAL_ROUTES } from '@llmchain/platform';
import { BATCH_ROUTES } from '../batches/batches.openapi';
import { OPENAI_ROUTES } from './openai.openapi';
import { openAiErrorSchema } from './openai-wire.schemas';

/** Serving's OpenAPI 3.1 document, generated from the zod schemas its routes validate with; served at /openapi.json. */
export const servingOpenApiDocument = () =>
  buildOpenApiDocument({
    title: 'llmchain serving-service',
    version: '1.0.0',
    description:
      'OpenAI-compatible API over the tenant’s registered models. Unknown parameters are refused (400, code unknown_parameter); ' +
      'OpenAI parameters this server cannot honour are refused unless at their no-op value (code unsupported_parameter).',
    errorSchema: openAiErrorSchema,
    errorName: 'ErrorResponse',
    routes: [...OPENAI_ROUTES, ...BATCH_ROUTES, ...OPERATIONAL_ROUTES],
  });
