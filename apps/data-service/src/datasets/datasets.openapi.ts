import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { datasetManifestSchema, datasetVersionSchema, datasetVersionSummarySchema } from './dataset-version.schemas';

/** datasets.controller.ts */
export const DATASETS_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/dataset-versions', summary: 'List your dataset versions, newest first', description: 'Without lineage and report: GET /dataset-versions/{id} has them.', caller: 'data team', auth: { apiKey: 'data' }, query: listQuerySchema, responses: { 200: { description: 'A page of versions', json: listPageOf(datasetVersionSummarySchema) } } },
  { method: 'GET', path: '/dataset-versions/:id', summary: 'Get a dataset version with its lineage and cleaning report', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'The version', json: datasetVersionSchema } } },
  { method: 'GET', path: '/dataset-versions/:id/manifest', summary: 'Download a dataset version’s manifest', description: 'Its shards with their keys, sizes and SHA-256, and the decisions file.', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'The manifest', json: datasetManifestSchema } } },
  {
    method: 'GET',
    path: '/dataset-versions/:id/decisions',
    summary: 'Download what cleaning decided for every source document',
    description: 'JSON lines, one per source document: kept, redacted with its PII counts, or removed with the rule and the figure that removed it.',
    caller: 'data team',
    auth: { apiKey: 'data' },
    responses: { 200: { description: 'One decision per line', mediaType: 'application/x-ndjson' } },
  },
];
