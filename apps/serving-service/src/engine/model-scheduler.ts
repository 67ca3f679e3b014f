import { BatchedDecoder, InferenceModel, PrefixCache } from '@llmchain/model-runtime';
import { ServingConfig } from '../config/serving-config';
import { BatchScheduler } from './batch-scheduler';

/**
 * A base model's scheduler as configured: its batch and queue bounds, and one prefix cache that every decoder it
 * makes (a fresh one after a failed run) shares, so cached prefixes outlive a decoder restart.
 */
export function createModelScheduler(model: InferenceModel, config: ServingConfig, beforeStep: () => Promise<void> | undefined): BatchScheduler {
  const prefixCache =
    config.PREFIX_CACHE_BYTES > 0
      ? new PrefixCache(model.shape, { blockTokens: config.PREFIX_CACHE_BLOCK_TOKENS, budgetBytes: config.PREFIX_CACHE_BYTES })
      : undefined;
  return new BatchScheduler(
    () => new BatchedDecoder(model, { prefixCache }),
    {
      maxBatchSize: config.MAX_BATCH_SIZE,
      maxQueuedRequests: config.MAX_QUEUED_REQUESTS,
      maxQueuedTokens: config.MAX_QUEUED_TOKENS,
      prefillTokensPerStep: config.PREFILL_TOKENS_PER_STEP,
      joinEverySteps: config.JOIN_EVERY_STEPS,
      runAheadSteps: config.RUN_AHEAD_STEPS,
      kvCachePositions: Math.floor(config.KV_CACHE_BYTES / kvBytesPerPosition(model.shape)),
      beforeStep,
    },
    prefixCache,
  );
}

/** Keys and values of one position across the layers, in float32. */
const kvBytesPerPosition = ({ nLayer, nKvHead, headDim }: InferenceModel['shape']): number => 2 * nLayer * nKvHead * headDim * Float32Array.BYTES_PER_ELEMENT;
