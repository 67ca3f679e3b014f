import { buildOpenApiDocument, OPERATIONAL_ROUTES, platformErrorSchema } from '@llmchain/platform';
import { EVALS_ROUTES } from '../evals/evals.openapi';
import { MODEL_IMPORTS_ROUTES } from '../imports/model-imports.openapi';
import { TRAINING_JOBS_ROUTES } from '../jobs/training-jobs.openapi';
import { MODEL_MERGES_ROUTES } from '../merges/model-merges.openapi';
import { MODEL_ALIASES_ROUTES } from '../model-aliases/model-aliases.openapi';
import { MODELS_ROUTES } from '../models/models.openapi';

/** training-service’s OpenAPI 3.1 document, generated from the zod schemas its routes validate with; served at /openapi.json. */
export const trainingOpenApiDocument = () =>
  buildOpenApiDocument({
    title: 'llmchain training-service',
    version: '1.0.0',
    description: 'Training jobs, evals, model imports and merges, model aliases, and the tenant’s registered models. API keys need the training scope.',
    errorSchema: platformErrorSchema,
    routes: [...EVALS_ROUTES, ...MODEL_IMPORTS_ROUTES, ...TRAINING_JOBS_ROUTES, ...MODEL_MERGES_ROUTES, ...MODEL_ALIASES_ROUTES, ...MODELS_ROUTES, ...OPERATIONAL_ROUTES],
  });
