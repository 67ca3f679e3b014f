import { listPageOf, listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { datasetVersionSchema } from './dataset-version.schemas';

/** datasets.controller.ts */
export const DATASETS_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/dataset-versions', summary: 'The tenant’s versions, newest first, without lineage and report', caller: 'data team', auth: { apiKey: 'data' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'GET', path: '/dataset-versions/:id', summary: 'The version with its lineage and cleaning report', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'The version', json: datasetVersionSchema } } },
  { method: 'GET', path: '/dataset-versions/:id/manifest', summary: 'The manifest: shards with their keys, sizes and SHA-256, and the decisions file', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/dataset-versions/:id/decisions', summary: 'One decision per source document (JSONL): kept, redacted with PII counts, or removed with rule and figure', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
