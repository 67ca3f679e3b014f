import { buildOpenApiDocument, OPERATIONAL_ROUTES, platformErrorSchema } from '@llmchain/platform';
import { ANNOTATION_ROUTES } from '../annotation/annotation.openapi';
import { CLEANING_ROUTES } from '../cleaning/cleaning.openapi';
import { CONNECTORS_ROUTES } from '../connectors/connectors.openapi';
import { CONTAMINATION_ROUTES } from '../contamination/contamination.openapi';
import { CORPORA_ROUTES } from '../corpora/corpora.openapi';
import { DATASETS_ROUTES } from '../datasets/datasets.openapi';
import { QUALITY_CLASSIFIERS_ROUTES } from '../quality-classifiers/quality-classifiers.openapi';

/** data-service’s OpenAPI 3.1 document, generated from the zod schemas its routes validate with; served at /openapi.json. */
export const dataOpenApiDocument = () =>
  buildOpenApiDocument({
    title: 'llmchain data-service',
    version: '1.0.0',
    description: 'The data team’s API: corpora uploads, cleaning, annotation, dataset versions, connectors, quality classifiers, contamination checks. API keys need the data scope.',
    errorSchema: platformErrorSchema,
    routes: [...ANNOTATION_ROUTES, ...CLEANING_ROUTES, ...CONNECTORS_ROUTES, ...CONTAMINATION_ROUTES, ...CORPORA_ROUTES, ...DATASETS_ROUTES, ...QUALITY_CLASSIFIERS_ROUTES, ...OPERATIONAL_ROUTES],
  });
