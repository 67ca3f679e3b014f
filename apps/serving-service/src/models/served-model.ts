import { InferenceModel, MeanPooledEmbedder } from '@llmchain/model-runtime';
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
  registeredAt: Date;
}

/** A model ready to generate: its session, its tokenizer, the batch its requests join, and its embedder. */
export interface LoadedModel {
  record: ServedModelRecord;
  model: InferenceModel;
  tokenizer: Tokenizer;
  scheduler: BatchScheduler;
  /** The model's embeddings graph session, loaded on the first embeddings request (it holds a second copy of the weights). */
  embedder(): Promise<MeanPooledEmbedder>;
}

export type ModelState = { status: 'loading' } | { status: 'ready'; loaded: LoadedModel } | { status: 'failed'; reason: string };
