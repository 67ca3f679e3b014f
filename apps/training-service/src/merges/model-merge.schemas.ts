import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';

/** The wire shape of model-merge.view.ts, for the OpenAPI document and the typed client (the view `satisfies` it). */
export const modelMergeSchema = z
  .object({
    id: z.uuid(),
    object: z.literal('model.merge'),
    status: z.string().meta({ description: 'queued, running, succeeded, failed or cancelled' }),
    name: z.string().meta({ description: 'The name the merged model is registered under' }),
    adapterModelId: z.uuid(),
    baseModelId: z.uuid(),
    variants: z.array(z.enum(['fp32', 'q8', 'q4'])).meta({ description: 'The weight precisions the merged model is exported in' }),
    modelId: z.uuid().nullable().meta({ description: 'The merged full model, once the merge succeeded' }),
    error: z.string().nullable(),
    createdAt: isoDateTime,
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'ModelMerge', description: 'Merging a LoRA adapter into its base as a full model (for runtimes that cannot apply adapters).' });
export type ModelMergeWire = z.infer<typeof modelMergeSchema>;
