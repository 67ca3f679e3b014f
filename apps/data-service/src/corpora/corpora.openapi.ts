import { fileField, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { z } from 'zod';
import { uploadQuery } from './corpora.controller';

/** corpora.controller.ts */
export const CORPORA_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/corpora', multipart: z.object({ file: fileField('The corpus: .txt, .jsonl, .csv, .parquet, .warc or .wet') }), summary: '201 with a new corpus, or 200 with the tenant’s existing one when the same bytes were uploaded before', caller: 'data team', auth: { apiKey: 'data' }, query: uploadQuery, responses: { 201: { description: 'A new corpus', json: undescribedAnswer }, 200: { description: 'The tenant’s corpus with the same bytes, uploaded before', json: undescribedAnswer } } },
  { method: 'GET', path: '/corpora', summary: 'List (corpora)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/corpora/:id', summary: 'Get (corpora)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
