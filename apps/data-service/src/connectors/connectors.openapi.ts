import { RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { crawlSettings } from './crawl/crawl-settings';
import { importSettings } from './import-settings';
import { objectStorageSettings } from './object-storage/object-storage-settings';

/** connectors.controller.ts */
export const CONNECTORS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/connectors/imports', summary: 'Imports one multipart file (CSV, JSONL, Parquet, WARC or WET) as a corpus: 201 with a new corpus, 200 with the tenant’s existing one when the…', caller: 'data team', auth: { apiKey: 'data' }, query: importSettings, errors: [413, 422], responses: { 201: { description: 'The run, with a new corpus', json: undescribedAnswer }, 200: { description: 'The run, with the tenant’s existing corpus of the same bytes', json: undescribedAnswer } } },
  { method: 'POST', path: '/connectors/object-storage', summary: 'Imports every object under a prefix of an S3-compatible bucket as one corpus, one document per object: 201 with a new corpus, 200 with the…', caller: 'data team', auth: { apiKey: 'data' }, body: objectStorageSettings, errors: [413, 422], responses: { 201: { description: 'The run, with a new corpus', json: undescribedAnswer }, 200: { description: 'The run, with the tenant’s existing corpus of the same bytes', json: undescribedAnswer } } },
  { method: 'POST', path: '/connectors/crawls', summary: 'Queues a crawl: 202 with the run, whose progress GET /connectors/runs/:id shows', caller: 'data team', auth: { apiKey: 'data' }, body: crawlSettings, responses: { 202: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/connectors/runs/:id/cancel', summary: 'Cancel (cancel)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/connectors/runs', summary: 'List (runs)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/connectors/runs/:id', summary: 'Get (runs)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
