import { DEFAULT_READ_LIMITS, ReadLimits } from '@llmchain/data-cleaning';
import { loadConfig, platformConfigSchema } from '@llmchain/platform';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const byteCount = z.coerce.number({ error: 'must be a number of bytes' }).int().positive();

/** data-service's variables on top of the platform's (blobs: the platform's blob-store-config): upload limits, the queue namespace. */
export const dataServiceConfigSchema = platformConfigSchema
  .extend({
    /** Largest upload accepted, in bytes as sent (compressed, for gzip). */
    UPLOAD_MAX_BYTES: byteCount.default(1024 ** 3),
    /**
     * Largest decompressed size of a gzip upload: stops a small archive from unpacking into terabytes. 2 GiB: reading
     * is streamed (memory stays flat), so this bounds the disk and the time one upload's validation and cleaning take on
     * a 2-core machine, not memory.
     */
    UPLOAD_MAX_DECOMPRESSED_BYTES: byteCount.default(2 * 1024 ** 3),
    /** Longest line of an upload (a JSONL line is a whole document): the reader holds at most one line. */
    UPLOAD_MAX_LINE_BYTES: byteCount.default(DEFAULT_READ_LIMITS.maxLineBytes),
    /** Largest document (a paragraph with split=blank-lines, the whole file with split=file). */
    UPLOAD_MAX_DOCUMENT_BYTES: byteCount.default(DEFAULT_READ_LIMITS.maxDocumentBytes),
    /**
     * Worker threads a cleaning run spreads documents over; the service's own thread only reads and deduplicates.
     * Defaults to one per core: the per-document stages are nearly all of a run's CPU time.
     */
    CLEANING_WORKERS: z.coerce.number({ error: 'must be a whole number of threads' }).int().min(1).max(64).default(availableParallelism()),
    /**
     * Most milliseconds one document may take in the cleaning stages before it is removed as `too_slow`. The largest
     * document (8 MiB) takes about 3 s on a loaded core here; 30 s leaves a tenfold margin.
     */
    CLEANING_DOCUMENT_BUDGET_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(10).max(600_000).default(30_000),
    /**
     * Documents per shard of a sharded cleaning run. 0 (the default) cleans a run in the process that takes its job;
     * above 0, that process only splits the corpora into shards, which any number of cleaning worker processes
     * (`cleaning-worker.ts`) clean, deduplicate (by digest and LSH band partitions) and merge.
     */
    CLEANING_SHARD_DOCUMENTS: z.coerce.number({ error: 'must be a whole number of documents' }).int().min(0).max(1_000_000).default(0),
    /** Partitions the exact and near dedup of a sharded run is split into (each a job any cleaning worker can take). */
    CLEANING_DEDUP_PARTITIONS: z.coerce.number({ error: 'must be a whole number of partitions' }).int().min(1).max(64).default(4),
    /** Whether the API process also takes cleaning jobs (off when cleaning worker processes run them). */
    CLEANING_IN_SERVICE: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
    /**
     * How long a cleaning job's lock lasts without renewal: a worker process that dies holding one has its job taken
     * over by another about this long after.
     */
    CLEANING_JOB_LOCK_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1000).max(600_000).default(30_000),
    /** Bytes of corpora one tenant may store; an upload that would pass it is refused with 429. */
    TENANT_STORAGE_QUOTA_BYTES: byteCount.default(50 * 1024 ** 3),
    /** Cleaning runs one tenant may have queued or running at once; one more is refused with 429. */
    TENANT_MAX_QUEUED_CLEANING_RUNS: z.coerce.number({ error: 'must be a whole number of runs' }).int().min(1).max(10_000).default(10),
    /** Longest one connector import or crawl may run before it is stopped, leaving nothing behind. */
    CONNECTOR_MAX_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(1).max(86_400).default(900),
    /**
     * Largest HTML page or WARC record turned into text: main-content extraction is synchronous DOM work, so its input
     * size is what bounds its time (4 MiB takes well under a second here). Larger ones are skipped as too_large.
     */
    CONNECTOR_MAX_HTML_BYTES: byteCount.default(4 * 1024 ** 2),
    /** Largest Parquet row group (uncompressed) read at once: a row group is the unit the reader holds in memory. */
    CONNECTOR_MAX_ROW_GROUP_BYTES: byteCount.default(256 * 1024 ** 2),
    /**
     * Lets crawls reach private, loopback and link-local addresses (an operator's own intranet, or tests). Off, such
     * targets are refused after DNS resolution, redirects included, so a crawl cannot be pointed at internal services.
     */
    CRAWL_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
    /** BullMQ key prefix; defaults to one derived from the topic prefix so parallel stacks never share a queue. */
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9._:-]+$/).optional(),
  })
  .transform((config) => ({
    ...config,
    QUEUE_PREFIX: config.QUEUE_PREFIX ?? `bull${config.KAFKA_TOPIC_PREFIX ? `:${config.KAFKA_TOPIC_PREFIX}` : ''}`,
  }));

export type DataServiceConfig = z.infer<typeof dataServiceConfigSchema>;

export const DATA_SERVICE_CONFIG = Symbol('DATA_SERVICE_CONFIG');

/** The reader's limits, the same at upload and in cleaning runs: a corpus that validated always reads back. */
export function readLimits(config: DataServiceConfig): ReadLimits {
  return { maxLineBytes: config.UPLOAD_MAX_LINE_BYTES, maxDocumentBytes: config.UPLOAD_MAX_DOCUMENT_BYTES };
}

export function loadDataServiceConfig(env: Record<string, string | undefined> = process.env): DataServiceConfig {
  return loadConfig(dataServiceConfigSchema, env);
}
