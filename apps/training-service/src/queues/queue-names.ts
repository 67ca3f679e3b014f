/**
 * Every BullMQ queue training-service uses, in one table. Jobs carry only ids: the job's state lives in Postgres, so
 * Redis keeps a short tail of finished entries for inspection and nothing more.
 */
export const QUEUES = {
  /** Checks a job's dataset files (manifest checksum, shard format) before it waits for a training slot. */
  validate: { name: 'training.validate', removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
  /** Runs a validated job: tokenizer, training, evaluation, export, registration. */
  run: { name: 'training.run', removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
  /** Grades an eval run's items against a model (evals/). */
  evalRun: { name: 'training.eval-run', removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
} as const;

/** The run queue's entries for imports carry this BullMQ job name; the worker hands them to the import handler. */
export const IMPORT_JOB_NAME = 'import';
/** …and merges this one, for the merge handler. */
export const MERGE_JOB_NAME = 'merge';

/** What both queues carry: the job's id (also the BullMQ job id, so a job is never queued twice) and its tenant. */
export type TrainingJobRef = { jobId: string; tenantId: string };
