import { fileField, listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { uploadQuery } from './corpora.controller';
import { corpusSchema, uploadedCorpusSchema } from './corpus.schemas';

/** corpora.controller.ts */
export const CORPORA_ROUTES: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/corpora',
    multipart: z.object({ file: fileField('The corpus: .txt, .jsonl, .csv, .parquet, .warc or .wet') }),
    summary: 'Upload a raw corpus',
    description: 'Uploading the same bytes again creates nothing: the answer is 200 with the corpus uploaded before. A `.txt` file is one document, or one per blank-line-separated block with `?split=blank-lines`.',
    caller: 'data team',
    auth: { apiKey: 'data' },
    query: uploadQuery,
    responses: { 201: { description: 'A new corpus', json: uploadedCorpusSchema }, 200: { description: 'The tenant’s corpus with the same bytes, uploaded before', json: uploadedCorpusSchema } },
  },
  { method: 'GET', path: '/corpora', summary: 'List your corpora, newest first', caller: 'data team', auth: { apiKey: 'data' }, query: listQuerySchema, responses: { 200: { description: 'A page of corpora', json: listPageOf(corpusSchema) } } },
  { method: 'GET', path: '/corpora/:id', summary: 'Get a corpus', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'The corpus', json: corpusSchema } } },
];
