import { loadConfig, platformConfigSchema } from '@llmchain/platform';
import path from 'node:path';
import { z } from 'zod';

const positiveInt = z.coerce.number({ error: 'must be a whole number' }).int().positive();
const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');

/** training-service's variables on top of the platform's, for the API and its workers alike. */
export const trainingConfigSchema = platformConfigSchema
  .extend({
    /** Local scratch space for a job's working files (tokenized data, checkpoint copies), removed when it ends. */
    TRAINING_WORK_DIR: z.string().min(1).default('.cache/training-work'),
    /** Largest training footprint (weights, gradients, Adam moments, activations) a job may ask for, in MiB. */
    TRAINING_MEMORY_BUDGET_MB: positiveInt.default(4096),
    /** Upper bound on optimizer steps per job, whatever 'auto' or the tenant computes. */
    TRAINING_MAX_STEPS: positiveInt.default(20_000),
    /** Jobs one worker process runs at once; training is CPU-bound, so one per few cores. */
    TRAINING_WORKER_CONCURRENCY: positiveInt.default(1),
    /**
     * Fair share between tenants: a tenant's n-th waiting job gets BullMQ priority n, so one tenant's burst queues
     * behind every other tenant's next job instead of ahead of it. false: first come, first served.
     */
    TRAINING_TENANT_FAIRNESS: flag.default(true),
    /**
     * How long a worker's lock on a job lasts without renewal; a worker that dies (SIGKILL) loses its job to another
     * after about this long, and the job resumes from its last checkpoint.
     */
    TRAINING_JOB_LOCK_MS: positiveInt.default(30_000),
    /** How many times a job may be picked up again after its worker died before it is failed. */
    TRAINING_MAX_STALLED_RESTARTS: positiveInt.default(5),
    /** Jobs one tenant may have validating, queued or running at once; one more is refused with 429. */
    TRAINING_TENANT_MAX_QUEUED_JOBS: positiveInt.max(10_000).default(10),
    /** Bytes of stored models (all their files) past which a tenant's new jobs and imports are refused with 429. */
    TENANT_MODEL_STORAGE_QUOTA_BYTES: positiveInt.default(200 * 2 ** 30),
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9._:-]+$/).optional(),
    /** Largest model directory an import accepts, all files together (a 1B-parameter base in BF16 is about 2.5 GB). */
    MODEL_IMPORT_MAX_BYTES: positiveInt.default(16 * 2 ** 30),
    /**
     * Tenants whose keys may import platform-wide bases (visibility platform), comma-separated: the operators'
     * tenant. Everyone else imports for themselves.
     */
    /** Items an eval's dataset version may hold; a larger one is refused when the eval is created. */
    EVAL_MAX_ITEMS: positiveInt.max(1_000_000).default(5000),
    /** Bytes of one eval item (its JSONL line); a longer item is graded as errored, naming the bound. */
    EVAL_MAX_ITEM_BYTES: positiveInt.default(16 * 1024),
    /** Tokens one model call of an item may take (prompt, or context and choice); more errors the item. */
    EVAL_MAX_TOKENS_PER_ITEM: positiveInt.default(2048),
    /** Wall-clock bound on one eval run; a run still going then fails, keeping the items graded. */
    EVAL_RUN_MAX_SECONDS: positiveInt.default(3600),
    /** Eval runs one tenant may have queued or running at once; one more is refused with 429. */
    EVAL_TENANT_MAX_UNFINISHED_RUNS: positiveInt.max(1000).default(5),
    TRAINING_PLATFORM_TENANTS: z
      .string()
      .default('')
      .transform((list) => list.split(',').map((t) => t.trim()).filter((t) => t !== '')),
  })
  .transform((config) => ({
    ...config,
    TRAINING_WORK_DIR: path.resolve(config.TRAINING_WORK_DIR),
    QUEUE_PREFIX: config.QUEUE_PREFIX ?? `bull${config.KAFKA_TOPIC_PREFIX ? `:${config.KAFKA_TOPIC_PREFIX}` : ''}`,
  }));

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

export const TRAINING_CONFIG = Symbol('TRAINING_CONFIG');

export function loadTrainingConfig(env: Record<string, string | undefined> = process.env): TrainingConfig {
  return loadConfig(trainingConfigSchema, env);
}
