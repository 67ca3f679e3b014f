import type { OpenApiDocument } from '@llmchain/platform';
import { billingOpenApiDocument } from '../../apps/billing-service/src/openapi/billing-openapi.document';
import { dataOpenApiDocument } from '../../apps/data-service/src/openapi/data-openapi.document';
import { servingOpenApiDocument } from '../../apps/serving-service/src/openai/openapi-document';
import { trainingOpenApiDocument } from '../../apps/training-service/src/openapi/training-openapi.document';

/** Every service's OpenAPI document, as its /openapi.json serves it. */
export const SERVICE_DOCUMENTS: Record<'data-service' | 'training-service' | 'serving-service' | 'billing-service', () => OpenApiDocument> = {
  'data-service': dataOpenApiDocument,
  'training-service': trainingOpenApiDocument,
  'serving-service': servingOpenApiDocument,
  'billing-service': billingOpenApiDocument,
};
