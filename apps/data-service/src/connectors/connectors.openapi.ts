import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { connectorImportSchema, connectorRunSchema } from './connector-run.schemas';
import { crawlSettings } from './crawl/crawl-settings';
import { importSettings } from './import-settings';
import { objectStorageSettings } from './object-storage/object-storage-settings';

const data = { caller: 'data team', auth: { apiKey: 'data' } } as const;
const importAnswers = {
  201: { description: 'The run, with a new corpus', json: connectorImportSchema },
  200: { description: 'The run, with the tenant’s existing corpus of the same bytes', json: connectorImportSchema },
};

/** connectors.controller.ts */
export const CONNECTORS_ROUTES: readonly RouteDoc[] = [
  {
    ...data,
    method: 'POST',
    path: '/connectors/imports',
    summary: 'Import a file of documents (CSV, JSONL, Parquet, WARC or WET) as a corpus',
    description: 'One multipart file; the query maps its columns or fields to text and metadata. When the documents are the same bytes as an earlier corpus, the answer is 200 with that corpus.',
    query: importSettings,
    errors: [413, 422],
    responses: importAnswers,
  },
  {
    ...data,
    method: 'POST',
    path: '/connectors/object-storage',
    summary: 'Import a bucket prefix of an S3-compatible store as a corpus',
    description: 'Every object under the prefix becomes one document. When the documents are the same bytes as an earlier corpus, the answer is 200 with that corpus.',
    body: objectStorageSettings,
    errors: [413, 422],
    responses: importAnswers,
  },
  {
    ...data,
    method: 'POST',
    path: '/connectors/crawls',
    summary: 'Start a web crawl into a corpus',
    description: 'The crawl is queued (202); GET /connectors/runs/{id} shows its progress. It honours robots.txt and stays within its limits.',
    body: crawlSettings,
    responses: { 202: { description: 'The queued run', json: connectorRunSchema } },
  },
  { ...data, method: 'POST', path: '/connectors/runs/:id/cancel', summary: 'Cancel a crawl', responses: { 200: { description: 'The run', json: connectorRunSchema } } },
  { ...data, method: 'GET', path: '/connectors/runs', summary: 'List your connector runs, newest first', query: listQuerySchema, responses: { 200: { description: 'A page of runs', json: listPageOf(connectorRunSchema) } } },
  { ...data, method: 'GET', path: '/connectors/runs/:id', summary: 'Get a connector run with its progress', responses: { 200: { description: 'The run', json: connectorRunSchema } } },
];
