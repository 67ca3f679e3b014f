import { loadConfig, platformConfigSchema } from '@llmchain/platform';
import path from 'node:path';
import { z } from 'zod';

const byteCount = z.coerce.number({ error: 'must be a number of bytes' }).int().positive();

/** data-service's variables on top of the platform's: where blobs live, upload limits, the queue namespace. */
export const dataServiceConfigSchema = platformConfigSchema
  .extend({
    BLOB_STORE_DIR: z.string().min(1).default('.cache/blobs'),
    /** Largest upload accepted, in bytes as sent (compressed, for gzip). */
    UPLOAD_MAX_BYTES: byteCount.default(1024 ** 3),
    /** Largest decompressed size of a gzip upload: stops a small archive from unpacking into terabytes. */
    UPLOAD_MAX_DECOMPRESSED_BYTES: byteCount.default(8 * 1024 ** 3),
    /** BullMQ key prefix; defaults to one derived from the topic prefix so parallel stacks never share a queue. */
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9._:-]+$/).optional(),
  })
  .transform((config) => ({
    ...config,
    BLOB_STORE_DIR: path.resolve(config.BLOB_STORE_DIR),
    QUEUE_PREFIX: config.QUEUE_PREFIX ?? `bull${config.KAFKA_TOPIC_PREFIX ? `:${config.KAFKA_TOPIC_PREFIX}` : ''}`,
  }));

export type DataServiceConfig = z.infer<typeof dataServiceConfigSchema>;

export const DATA_SERVICE_CONFIG = Symbol('DATA_SERVICE_CONFIG');

export function loadDataServiceConfig(env: Record<string, string | undefined> = process.env): DataServiceConfig {
  return loadConfig(dataServiceConfigSchema as unknown as z.ZodObject, env) as DataServiceConfig;
}
