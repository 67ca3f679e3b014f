import { loadConfig, platformConfigSchema } from '@llmchain/platform';
import path from 'node:path';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/** serving-service's settings: the platform's and its own. */
export const servingConfigSchema = platformConfigSchema.extend({
  /** Model directories by artifact key, used when the blob store holds nothing under a model's key. */
  MODELS_DIR: z.string().min(1).default('.cache/models'),
  /** Where model directories fetched from the blob store are unpacked, one per artifact checksum. */
  MODEL_CACHE_DIR: z.string().min(1).default('.cache/serving-models'),
  /** How often each process compares its loaded models with served_models (registrations consumed elsewhere). */
  MODEL_SYNC_MS: positiveInt.default(5000),
  /**
   * The longest context (in tokens) of any model this process serves: request bodies are sized from it, so a
   * prompt that fills a long-context model is read (and refused by the model's own context check if too long),
   * not cut off by the body parser.
   */
  MAX_CONTEXT_TOKENS: positiveInt.default(131_072),
  /**
   * Where each model's graph runs: `worker`, a thread of its own per model (with its decoders' caches), so HTTP,
   * streaming and metering go on while it computes; or `this`, this process's one JavaScript thread.
   */
  MODEL_THREAD: z.enum(['worker', 'this']).default('worker'),
  /** Sequences decoded together per model; more wait in the queue. */
  MAX_BATCH_SIZE: positiveInt.default(64),
  /** Waiting requests per model past which new ones get 429. */
  MAX_QUEUED_REQUESTS: positiveInt.default(256),
  /** Waiting tokens (prompt + max_tokens) per model past which new requests get 429. */
  MAX_QUEUED_TOKENS: positiveInt.default(262_144),
  /** Prompt tokens prefilled between two decode steps, so a long prompt does not stall running streams for long. */
  PREFILL_TOKENS_PER_STEP: positiveInt.default(512),
  /** While a batch runs, waiting requests join it every this many decode steps (each join is a prefill run of its own). */
  JOIN_EVERY_STEPS: positiveInt.default(4),
  /**
   * A lone running request's decode steps run this many at a time on the model's thread, which draws their tokens
   * itself (MODEL_THREAD=worker): one hand-off between threads per this many tokens instead of one per token. A
   * request arriving meanwhile ends the run after the step in hand and joins then. 1 turns it off.
   */
  RUN_AHEAD_STEPS: positiveInt.default(8),
  /**
   * A running request's usage is written to usage_reservations at its first token, then raised once this many more
   * tokens were generated or USAGE_FLUSH_MS passed, whichever comes first: what a SIGKILL can leave unbilled.
   */
  USAGE_FLUSH_TOKENS: positiveInt.default(16),
  USAGE_FLUSH_MS: positiveInt.default(250),
  /** How often this process refreshes its serving_instances heartbeat. */
  INSTANCE_HEARTBEAT_MS: positiveInt.default(2000),
  /** A reservation whose owner's heartbeat and own last update are both older than this is settled as orphaned. */
  ORPHAN_AFTER_MS: positiveInt.default(15_000),
  /** How often each process looks for orphaned reservations (also once at start-up). */
  ORPHAN_SWEEP_MS: positiveInt.default(5000),
  /** Batch API: the largest input file (bytes) and the most requests (lines) one may hold. */
  BATCH_FILE_MAX_BYTES: positiveInt.default(50 * 1024 * 1024),
  BATCH_FILE_MAX_LINES: positiveInt.default(50_000),
  /** Batch requests one process runs at once (each a background sequence in its model's batch). */
  BATCH_CONCURRENCY: positiveInt.default(8),
  /** How often the batch runner looks for work (validation, requests to claim, batches to finalize or expire). */
  BATCH_POLL_MS: positiveInt.default(500),
  /** How long a claimed batch request stays its process's: renewed while it runs, taken over by another after. */
  BATCH_LEASE_MS: positiveInt.default(30_000),
  /** Tries of a request the engine failed (not a 4xx, which is its answer) before it is answered with a 500. */
  BATCH_MAX_ATTEMPTS: positiveInt.default(3),
  /** Limits for a tenant billing has not sent a quota.updated for yet. */
  DEFAULT_REQUESTS_PER_MINUTE: positiveInt.default(600),
  DEFAULT_TOKENS_PER_MINUTE: positiveInt.default(1_000_000),
  /** Fair-queue weight and concurrent sequences per model for a tenant billing has not sent plan terms for yet. */
  DEFAULT_SCHEDULING_WEIGHT: positiveInt.default(1),
  DEFAULT_MAX_CONCURRENT_SEQUENCES: positiveInt.default(64),
  /**
   * Bytes of prompt-prefix keys and values kept per model for reuse (automatic prefix caching); 0 turns it off.
   * Prefixes are cached in blocks of PREFIX_CACHE_BLOCK_TOKENS tokens.
   */
  PREFIX_CACHE_BYTES: z.coerce.number().int().min(0).default(256 * 1024 * 1024),
  PREFIX_CACHE_BLOCK_TOKENS: positiveInt.max(1024).default(16),
  /**
   * Bytes of key/value cache the running sequences of one model may hold (prompt and generated positions, counted
   * at the model's bytes per position); past it, the latest admitted sequence is preempted and recomputed later.
   */
  KV_CACHE_BYTES: positiveInt.default(4 * 1024 * 1024 * 1024),
  /** Tenants /metrics labels by id (the first seen); the rest are summed under tenant="other". */
  METRICS_TENANT_LABELS: positiveInt.max(1000).default(50),
}).refine((config) => config.ORPHAN_AFTER_MS >= 3 * config.INSTANCE_HEARTBEAT_MS, {
  path: ['ORPHAN_AFTER_MS'],
  message: 'must be at least 3 × INSTANCE_HEARTBEAT_MS, or a slow heartbeat makes a live process look gone',
});

export type ServingConfig = z.infer<typeof servingConfigSchema>;

export const SERVING_CONFIG = Symbol('SERVING_CONFIG');

export function loadServingConfig(env: NodeJS.ProcessEnv = process.env): ServingConfig {
  const config = loadConfig(servingConfigSchema, env);
  return {
    ...config,
    MODELS_DIR: path.resolve(config.MODELS_DIR),
    MODEL_CACHE_DIR: path.resolve(config.MODEL_CACHE_DIR),
  };
}

/**
 * Bytes of JSON one prompt token may take: a BPE token is about 4 characters of English, a few UTF-8 bytes more
 * in other scripts, and up to 6 bytes a character once JSON-escaped (\uXXXX); 16 covers all but adversarial text.
 */
const JSON_BYTES_PER_TOKEN = 16;

/** The JSON body limit for serving's requests: a prompt filling MAX_CONTEXT_TOKENS, in body-parser's syntax. */
export function servingJsonBodyLimit(config: Pick<ServingConfig, 'MAX_CONTEXT_TOKENS'>): string {
  return `${config.MAX_CONTEXT_TOKENS * JSON_BYTES_PER_TOKEN}b`;
}
