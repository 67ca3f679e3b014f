import { cleaningSettingsSchema } from '@llmchain/data-cleaning';
import { z } from 'zod';

export const startCleaningRunSchema = z.strictObject({
  corpusIds: z.array(z.uuid('must be a corpus id')).min(1, 'name at least one corpus').max(50),
  /** The dataset the output becomes a new version of (created on first use). */
  datasetName: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, dot, underscore or dash; up to 100'),
  /** Stage switches and thresholds; anything left out takes its default. */
  settings: cleaningSettingsSchema.optional(),
});

export type StartCleaningRun = z.infer<typeof startCleaningRunSchema>;
