import { CleaningReport, cleaningSettingsSchema, PII_TYPES } from '@llmchain/data-cleaning';
import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';

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
    settings: cleaningSettingsSchema,
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
  .meta({ id: 'DatasetVersion' });
