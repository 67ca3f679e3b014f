import { InferenceModel } from '@llmchain/model-runtime';
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

/** A model ready to generate: its session, its tokenizer and the batch its requests join. */
export interface LoadedModel {
  record: ServedModelRecord;
  model: InferenceModel;
  tokenizer: Tokenizer;
  scheduler: BatchScheduler;
}

export type ModelState = { status: 'loading' } | { status: 'ready'; loaded: LoadedModel } | { status: 'failed'; reason: string };
