import { openApiController } from '@llmchain/platform';
import { servingOpenApiDocument } from './openapi-document';

export const OpenApiController = openApiController(servingOpenApiDocument);
