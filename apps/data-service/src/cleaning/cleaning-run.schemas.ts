import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { exampleSettings, exampleSettingsHash, resolvedCleaningSettingsSchema } from '../datasets/dataset-version.schemas';

/** The wire shape of cleaning-run.view.ts, for the OpenAPI document and the typed client (the view `satisfies` it). */
export const cleaningRunSchema = z
  .object({
    id: z.uuid(),
    datasetName: z.string(),
    corpusIds: z.array(z.uuid()),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    progress: z.object({
      fraction: z.number().min(0).max(1).meta({ description: 'Source bytes read so far, as a fraction of all of them' }),
      bytesProcessed: z.number().int(),
      totalBytes: z.number().int(),
      documentsProcessed: z.number().int(),
    }),
    settings: resolvedCleaningSettingsSchema,
    settingsHash: z.string(),
    error: z.string().nullable(),
    datasetVersionId: z.uuid().nullable().meta({ description: 'The dataset version the run produced, once it succeeded' }),
    createdAt: isoDateTime,
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
  })
  .meta({
    id: 'CleaningRun',
    description: 'A run of the cleaning pipeline (normalise, language, quality, PII, dedup) over corpora into a new dataset version.',
    example: {
      id: '7c1e5b2a-9d3f-4a6e-8b10-5f2d7c9e1a04',
      datasetName: 'support-tickets',
      corpusIds: ['3f2c9a4e-1b7d-4e8f-9a60-2d5c8b1e7f03'],
      status: 'running',
      progress: { fraction: 0.42, bytesProcessed: 440402, totalBytes: 1048576, documentsProcessed: 1010 },
      settings: exampleSettings,
      settingsHash: exampleSettingsHash,
      error: null,
      datasetVersionId: null,
      createdAt: '2026-03-01T09:31:00.000Z',
      startedAt: '2026-03-01T09:31:02.000Z',
      finishedAt: null,
    },
  });
export type CleaningRunWire = z.infer<typeof cleaningRunSchema>;
