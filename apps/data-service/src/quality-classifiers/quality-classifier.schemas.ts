import { ClassifierMetrics } from '@llmchain/data-cleaning';
import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';

/** Held-out figures, as libs/data-cleaning's classifierMetrics computes them (`satisfies` ties the two). */
const classifierMetricsSchema = z
  .object({
    examples: z.number().int().meta({ description: 'Held-out labelled documents the figures are measured on' }),
    threshold: z.number().meta({ description: 'Scores at or above it count as good' }),
    accuracy: z.number(),
    precision: z.number(),
    recall: z.number(),
    auc: z.number().meta({ description: 'Area under the ROC curve: the chance a random good example scores above a random bad one' }),
  })
  .meta({ id: 'QualityClassifierMetrics' }) satisfies z.ZodType<ClassifierMetrics>;

/** The wire shape of quality-classifier.view.ts, for the OpenAPI document and the typed client (the view `satisfies` it). */
export const qualityClassifierSchema = z
  .object({
    id: z.uuid(),
    projectId: z.uuid().meta({ description: 'The annotation project whose approved labels trained it' }),
    version: z.number().int(),
    goodLabels: z.array(z.string()),
    badLabels: z.array(z.string()),
    trainingDocuments: z.number().int(),
    metrics: classifierMetricsSchema,
    modelSha256: z.string(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'QualityClassifier', description: 'A version of a document-quality classifier a cleaning run can apply.' });
export type QualityClassifierWire = z.infer<typeof qualityClassifierSchema>;
