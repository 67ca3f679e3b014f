import { CleaningReport, cleaningSettingsSchema, PII_TYPES, resolveSettings, settingsHash } from '@llmchain/data-cleaning';
import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { DatasetManifest } from './dataset-version-writer';

/** The default settings, resolved as a run records them: the examples' settings. */
export const exampleSettings = resolveSettings();
export const exampleSettingsHash = settingsHash(exampleSettings);

/** Settings as a run resolved them (every switch and threshold, defaults filled in): one component for runs and reports. */
export const resolvedCleaningSettingsSchema = cleaningSettingsSchema.meta({ id: 'CleaningSettings' });

/** The wire shapes of GET /dataset-versions/:id (datasets.controller.ts), for the OpenAPI document and the typed client. */
const counts = z.record(z.string(), z.number().int());

/**
 * The cleaning report a cleaned version carries, as libs/data-cleaning's ReportBuilder writes it. `satisfies` ties it
 * to the library's type: a field added to or changed in one and not the other breaks the build.
 */
export const cleaningReportSchema = z
  .object({
    documentsIn: z.number().int(),
    bytesIn: z.number().int(),
    documentsOut: z.number().int(),
    bytesOut: z.number().int(),
    redactedDocuments: z.number().int(),
    removedByRule: counts,
    languages: counts,
    mixedLanguageDocuments: counts.meta({ description: 'Documents in more than one language, by their languages joined with `+`' }),
    scriptIndependentQuality: counts.meta({ description: 'Documents judged by the script-independent quality rules only, by language' }),
    pii: z.partialRecord(z.enum(PII_TYPES), z.number().int()),
    duplicateClusterCount: z.number().int(),
    largestDuplicateClusters: z.array(z.object({ kept: z.string(), duplicates: z.array(z.string()) })),
    estimatedTokens: z.number(),
    settings: resolvedCleaningSettingsSchema,
    settingsHash: z.string(),
    nearDuplicateCatchCurve: z.array(z.object({ jaccard: z.number(), probability: z.number() })),
    qualityScoreHistogram: z.array(z.number().int()).length(10).optional().meta({ description: 'Documents per tenth of the quality score, when a classifier was applied' }),
  })
  .meta({ id: 'CleaningReport' }) satisfies z.ZodType<CleaningReport>;

/** What a version exported from an annotation project carries instead (annotation.service.ts). */
export const annotationExportReportSchema = z
  .looseObject({ documentsIn: z.number().int(), documentsOut: z.number().int(), labels: counts, agreement: z.unknown() })
  .meta({ id: 'AnnotationExportReport' });

export const datasetVersionSchema = z
  .object({
    id: z.uuid(),
    datasetId: z.uuid(),
    datasetName: z.string(),
    version: z.number().int(),
    manifestBlobKey: z.string(),
    manifestSha256: z.string(),
    documents: z.number().int(),
    bytes: z.number().int(),
    estimatedTokens: z.number().int(),
    lineage: z.record(z.string(), z.unknown()),
    report: z.union([cleaningReportSchema, annotationExportReportSchema]),
    createdAt: isoDateTime,
  })
  .meta({
    id: 'DatasetVersion',
    description: 'An immutable version of a dataset: JSONL shards, the decision taken on every source document, and the report of how it was made.',
    example: {
      id: '5a9d2e61-0c4b-4f7a-8e3d-6b1c9f2a7e55',
      datasetId: 'e4b7c1d0-2a5f-4c8e-9d61-3f0a8b2c5d19',
      datasetName: 'support-tickets',
      version: 3,
      manifestBlobKey: 'datasets/e4b7c1d0-2a5f-4c8e-9d61-3f0a8b2c5d19/v3/manifest.json',
      manifestSha256: '4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce',
      documents: 2210,
      bytes: 962311,
      estimatedTokens: 240577,
      lineage: { cleaningRunId: '7c1e5b2a-9d3f-4a6e-8b10-5f2d7c9e1a04', corpusIds: ['3f2c9a4e-1b7d-4e8f-9a60-2d5c8b1e7f03'] },
      report: {
        documentsIn: 2400,
        bytesIn: 1048576,
        documentsOut: 2210,
        bytesOut: 962311,
        redactedDocuments: 37,
        removedByRule: { exact_duplicate: 120, near_duplicate: 41, duplicate_line_share: 29 },
        languages: { en: 2150, de: 60 },
        mixedLanguageDocuments: { 'de+en': 4 },
        scriptIndependentQuality: {},
        pii: { email: 31, phone: 9 },
        duplicateClusterCount: 97,
        largestDuplicateClusters: [{ kept: 'ticket-0042', duplicates: ['ticket-0913', 'ticket-1207'] }],
        estimatedTokens: 240577,
        settings: exampleSettings,
        settingsHash: exampleSettingsHash,
        nearDuplicateCatchCurve: [
          { jaccard: 0.5, probability: 0.12 },
          { jaccard: 0.8, probability: 0.97 },
        ],
      },
      createdAt: '2026-03-01T09:40:12.000Z',
    },
  });
export type DatasetVersionWire = z.infer<typeof datasetVersionSchema>;

/** A version as the list shows it: without lineage, manifest and report. */
export const datasetVersionSummarySchema = datasetVersionSchema
  .pick({ id: true, datasetId: true, datasetName: true, version: true, documents: true, bytes: true, estimatedTokens: true, createdAt: true })
  .meta({ id: 'DatasetVersionSummary' });
export type DatasetVersionSummaryWire = z.infer<typeof datasetVersionSummarySchema>;

const storedBlobSchema = z.object({ key: z.string(), bytes: z.number().int(), sha256: z.string() });

/** The manifest.json a version's files are listed in (dataset-version-writer.ts writes it). */
export const datasetManifestSchema = z
  .object({
    format: z.enum(['documents', 'prompt-completion', 'chat']).meta({ description: 'What a shard line holds: cleaned documents, or fine-tuning records' }),
    shards: z.array(storedBlobSchema.extend({ documents: z.number().int() })),
    decisions: storedBlobSchema.meta({ description: 'The JSONL file with one decision per source document' }),
    documents: z.number().int(),
    bytes: z.number().int(),
  })
  .meta({ id: 'DatasetManifest' }) satisfies z.ZodType<DatasetManifest>;
