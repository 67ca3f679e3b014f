import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';

/** The wire shape of model.view.ts, for the OpenAPI document and the typed client (the view `satisfies` it). */
const jsonObject = z.record(z.string(), z.unknown());
export const modelFileSchema = z.looseObject({ path: z.string(), bytes: z.number().int() }).meta({ description: 'A file of the model directory (with its blob key and SHA-256 where stored)' });

export const registeredModelSchema = z
  .object({
    id: z.uuid(),
    object: z.literal('model'),
    name: z.string(),
    kind: z.enum(['trained', 'imported', 'adapter']),
    architecture: z.enum(['gpt2', 'llama']),
    visibility: z.enum(['tenant', 'platform']),
    adapter: jsonObject.nullable().meta({ description: 'A LoRA adapter’s settings (rank, alpha, target modules); null for a full model' }),
    importedFrom: z.object({ name: z.string(), files: z.array(modelFileSchema) }).nullable().meta({ description: 'The Hugging Face directory an imported model came from' }),
    jobId: z.uuid(),
    datasetVersionId: z.string().nullable(),
    baseModelId: z.uuid().nullable().meta({ description: 'The base an adapter or a fine-tune was trained on' }),
    tokenizer: z.union([
      z.object({ id: z.uuid(), vocabSize: z.number().int(), datasetVersionId: z.string(), jobId: z.uuid(), sha256: z.string() }).meta({ description: 'A tokenizer trained by the platform' }),
      z.object({ id: z.uuid().nullable(), blobKey: z.string() }).meta({ description: 'A tokenizer that came with the model directory' }),
    ]),
    config: jsonObject.meta({ description: 'The architecture’s configuration (layers, heads, widths …)' }),
    metrics: jsonObject.meta({ description: 'Training figures (final loss …) or, for an import, its parameter count' }),
    artifact: z.object({ blobKey: z.string(), sha256: z.string() }),
    files: z.array(modelFileSchema),
    createdAt: isoDateTime,
  })
  .meta({ id: 'RegisteredModel', description: 'A model in the tenant’s registry, with its lineage: dataset version, tokenizer, job, base model or the directory it was imported from.' });
export type RegisteredModelWire = z.infer<typeof registeredModelSchema>;
export type ModelFileWire = z.infer<typeof modelFileSchema>;
