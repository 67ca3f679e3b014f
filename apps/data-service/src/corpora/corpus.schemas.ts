import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';

/** The wire shapes of corpus.view.ts, for the OpenAPI document and the typed client (the view `satisfies` them). */
export const corpusSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    format: z.string().meta({ description: 'How the file was read: txt, jsonl, csv, parquet, warc or wet' }),
    gzip: z.boolean(),
    sha256: z.string().meta({ description: 'SHA-256 of the uploaded bytes: the same bytes uploaded again answer this corpus' }),
    bytes: z.number().int(),
    documents: z.number().int(),
    createdAt: isoDateTime,
  })
  .meta({
    id: 'Corpus',
    description: 'An uploaded or imported raw corpus, the input of a cleaning run.',
    example: {
      id: '3f2c9a4e-1b7d-4e8f-9a60-2d5c8b1e7f03',
      filename: 'support-tickets.jsonl',
      format: 'jsonl',
      gzip: false,
      sha256: '9b74c9897bac770ffc029102a200c5de6a1e1b8c2f3d4e5a6b7c8d9e0f1a2b3c',
      bytes: 1048576,
      documents: 2400,
      createdAt: '2026-03-01T09:30:00.000Z',
    },
  });
export type CorpusWire = z.infer<typeof corpusSchema>;

/** An upload's answer: the corpus, and whether these bytes made a new one (201) or matched an earlier upload (200). */
export const uploadedCorpusSchema = corpusSchema
  .extend({ created: z.boolean().meta({ description: 'false when the tenant uploaded the same bytes before (answered 200)' }) })
  .meta({ id: 'UploadedCorpus' });
