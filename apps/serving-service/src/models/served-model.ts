import { InferenceModel, MeanPooledEmbedder, ResidentAdapter } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { BatchScheduler } from '../engine/batch-scheduler';

/** A registered model as the database keeps it. */
export interface ServedModelRecord {
  modelId: string;
  tenantId: string;
  name: string;
  artifactKey: string;
  artifactSha256: string;
  contextLength: number;
  /** trained | imported | adapter */
  kind: string;
  /** An adapter's base model. */
  baseModelId: string | null;
  /** tenant | platform: a platform model is listed for and callable by every tenant. */
  visibility: string;
  registeredAt: Date;
}

/**
 * A model ready to generate: its session, its tokenizer, the batch its requests join, and its embedder. An adapter
 * shares its base's session, tokenizer and batch, and adds the adapter its sequences run with.
 */
export interface LoadedModel {
  record: ServedModelRecord;
  model: InferenceModel;
  tokenizer: Tokenizer;
  scheduler: BatchScheduler;
  adapter?: ResidentAdapter;
  /**
   * The model's embeddings graph session, loaded on the first embeddings request (it holds a second copy of the
   * weights); absent for an adapter, as the embeddings graph has no LoRA inputs.
   */
  embedder?: () => Promise<MeanPooledEmbedder>;
}

export type ModelState = { status: 'loading' } | { status: 'ready'; loaded: LoadedModel } | { status: 'failed'; reason: string };
