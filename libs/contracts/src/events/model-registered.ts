import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { blobKey, id, sha256Hex, tenantId } from './common';

const modelFile = z.strictObject({ path: z.string().min(1).max(512), bytes: z.number().int().nonnegative(), sha256: sha256Hex });

const modelRegisteredFieldsV1 = {
  tenantId,
  modelId: id,
  name: z.string().min(1).max(256),
  trainingJobId: id,
  datasetVersionId: id,
  artifactBlobKey: blobKey,
  artifactSha256: sha256Hex,
  contextLength: z.number().int().positive(),
};

/** training-service → serving-service: a model directory is in the blob store and can be loaded. */
export const modelRegisteredV1 = eventEnvelope(TOPICS.modelRegistered, 1, z.strictObject(modelRegisteredFieldsV1));
export type ModelRegisteredV1 = z.infer<typeof modelRegisteredV1>;

const positiveInt = z.number().int().positive();
const modelShapeFieldsV2 = { vocabSize: positiveInt, contextLength: positiveInt, layers: positiveInt, heads: positiveInt, embeddingSize: positiveInt };

const modelRegisteredFieldsV2 = {
  ...modelRegisteredFieldsV1,
  baseModelId: id.nullable(),
  tokenizerBlobKey: blobKey,
  files: z.array(modelFile).min(1),
  config: z.strictObject(modelShapeFieldsV2),
};

/** v2 adds what a loader checks before trusting the files: each file's key and SHA-256, the model's shape, its lineage. */
export const modelRegisteredV2 = eventEnvelope(TOPICS.modelRegistered, 2, z.strictObject(modelRegisteredFieldsV2));
export type ModelRegisteredV2 = z.infer<typeof modelRegisteredV2>;

/** How a model came to be: trained (pre-trained or fully fine-tuned), imported from a Hugging Face directory, or a LoRA adapter. */
export const modelKind = z.enum(['trained', 'imported', 'adapter']);
export type ModelKind = z.infer<typeof modelKind>;

/** Who may call and fine-tune a model: its tenant, or every tenant (a base an admin imported for the platform). */
export const modelVisibility = z.enum(['tenant', 'platform']);
export type ModelVisibility = z.infer<typeof modelVisibility>;

export const modelArchitecture = z.enum(['gpt2', 'llama']);

/** A LoRA adapter's settings, as serving scales it: alpha/rank multiplies x·A·B on each target module. */
export const loraAdapterSettings = z.strictObject({
  rank: z.number().int().min(1).max(1024),
  alpha: z.number().positive().max(1e6),
  targetModules: z.array(z.string().min(1).max(128)).min(1).max(64),
});

/**
 * v3 adds open-weight bases and adapters. `kind` says how the model began; an adapter names its `baseModelId` and
 * `adapter` settings and its files are PEFT's (adapter_config.json, adapter_model.safetensors), loaded on top of the
 * base's one resident copy; `config` is then the base's shape. Imports and merges have no dataset version
 * (`trainingJobId` is the import or merge job). `config` adds the key/value heads and head width grouped-query
 * attention needs to lay out the cache.
 */
export const modelRegisteredV3 = eventEnvelope(
  TOPICS.modelRegistered,
  3,
  z
    .strictObject({
      ...modelRegisteredFieldsV2,
      datasetVersionId: id.nullable(),
      kind: modelKind,
      architecture: modelArchitecture,
      visibility: modelVisibility,
      adapter: loraAdapterSettings.nullable(),
      config: z.strictObject({ ...modelShapeFieldsV2, kvHeads: positiveInt, headDim: positiveInt }),
    })
    .superRefine((data, ctx) => {
      const isAdapter = data.kind === 'adapter';
      if (isAdapter !== (data.adapter !== null)) {
        ctx.addIssue({ code: 'custom', path: ['adapter'], message: 'adapter settings are given exactly when kind is "adapter"' });
      }
      if (isAdapter && data.baseModelId === null) {
        ctx.addIssue({ code: 'custom', path: ['baseModelId'], message: 'an adapter names the base model it applies to' });
      }
    }),
);
export type ModelRegisteredV3 = z.infer<typeof modelRegisteredV3>;
