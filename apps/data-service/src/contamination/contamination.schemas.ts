import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { ContaminationFindings, ContaminationSide } from './contamination-findings';

/** The wire shape of contamination-report.view.ts, for the OpenAPI document and the typed client. */
const contaminationSideSchema = z
  .object({
    versionId: z.uuid(),
    documents: z.number().int(),
    overlappingDocuments: z.number().int().meta({ description: 'Documents sharing at least one n-gram with the other version' }),
    overlaps: z
      .array(z.object({ documentId: z.string(), matchedNgrams: z.number().int() }))
      .meta({ description: 'Each overlapping document’s distinct n-grams found in the other version, in shard order (the first ones only)' }),
  })
  .meta({ id: 'ContaminationSide' }) satisfies z.ZodType<ContaminationSide>;

export const contaminationReportSchema = z
  .object({
    id: z.uuid(),
    object: z.literal('dataset.contamination_report'),
    datasetVersionId: z.uuid(),
    againstVersionId: z.uuid(),
    ngramWords: z.number().int().meta({ description: 'The n of the word n-grams compared (13)' }),
    sharedNgrams: z.number().int().meta({ description: 'Distinct n-grams found in both versions' }),
    datasetVersion: contaminationSideSchema,
    againstVersion: contaminationSideSchema,
    createdAt: isoDateTime,
  })
  .meta({ id: 'ContaminationReport', description: 'The word n-gram overlap of two dataset versions (say a training set and an evaluation set), from both sides.' });
export type ContaminationReportWire = z.infer<typeof contaminationReportSchema>;

/** What the report's JSON column holds: the two sides of the findings. */
export type StoredContaminationSides = Pick<ContaminationFindings, 'datasetVersion' | 'againstVersion'>;
