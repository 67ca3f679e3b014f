import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { uploadedCorpusSchema } from '../corpora/corpus.schemas';

const jsonObject = z.record(z.string(), z.unknown());

/** The wire shape of connector-run.view.ts, for the OpenAPI document and the typed client (the view `satisfies` it). */
export const connectorRunSchema = z
  .object({
    id: z.uuid(),
    kind: z.string().meta({ description: 'The imported file’s format (csv, jsonl, parquet, warc, wet), s3, or crawl' }),
    status: z.string().meta({ description: 'queued, running, succeeded, failed or cancelled' }),
    source: jsonObject.meta({ description: 'What was read: the file (name, bytes, SHA-256), the bucket and prefix, or the crawl’s seeds' }),
    settings: jsonObject.meta({ description: 'The mapping and limits the run used' }),
    documents: z.number().int().meta({ description: 'Documents written into the corpus so far' }),
    skipped: z.record(z.string(), z.number().int()).meta({ description: 'Items left out, by reason (empty_text, robots_disallowed …)' }),
    progress: jsonObject.meta({ description: 'How far the run got (a crawl: pages fetched and queued)' }),
    corpusId: z.uuid().nullable().meta({ description: 'The corpus the run produced, once it succeeded' }),
    error: z.string().nullable(),
    createdAt: isoDateTime,
    finishedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'ConnectorRun', description: 'One run of a connector (a file import, a bucket import or a web crawl) into a corpus.' });
export type ConnectorRunWire = z.infer<typeof connectorRunSchema>;

/** A finished import: its run and the corpus it made (201) or matched (200). */
export const connectorImportSchema = z.object({ run: connectorRunSchema, corpus: uploadedCorpusSchema }).meta({ id: 'ConnectorImport' });
