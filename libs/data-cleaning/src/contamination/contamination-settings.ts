import { z } from 'zod';

/**
 * The `contamination` rule's setting: remove training documents that share at least minMatchedNgrams 13-word n-grams
 * with a dataset version of the same tenant (an evaluation set), so a model is not evaluated on what it trained on.
 */
export const contaminationSettingsSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    datasetVersionId: z.uuid('must be the id of one of your dataset versions').optional(),
    minMatchedNgrams: z.number().int().min(1, 'must be 1 to 1000').max(1000, 'must be 1 to 1000').default(1),
  })
  .refine((value) => !value.enabled || value.datasetVersionId !== undefined, {
    message: 'name the evaluation set to compare against (datasetVersionId) when the rule is enabled',
    path: ['datasetVersionId'],
  })
  .default({ enabled: false, minMatchedNgrams: 1 });
