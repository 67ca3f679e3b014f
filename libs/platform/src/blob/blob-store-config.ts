import { S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../config/load-config';
import { redisUrl } from '../config/env-types';
import Redis from 'ioredis';
import { REDIS_COMMAND_TIMEOUT_MS } from '../redis/redis-connection';
import { BlobCommitLock } from './blob-commit-lock';
import { BlobStore } from './blob-store';
import { LocalDirectoryBlobStore } from './local-directory-blob-store';
import { S3BlobStore } from './s3-blob-store';

const S3_ONLY = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/**
 * Where every service keeps its blobs: `BLOB_STORE=local` (the default) a directory, `BLOB_STORE=s3` a bucket of any
 * S3-compatible server. The S3 store needs Redis for its commit lock (REDIS_URL, which every service has).
 */
export const blobStoreConfigSchema = z
  .object({
    BLOB_STORE: z.enum(['local', 's3'], { error: 'must be local or s3' }).default('local'),
    BLOB_STORE_DIR: z.string().min(1).default('.cache/blobs'),
    /** The S3 API's base URL (e.g. http://127.0.0.1:9310 for S3Proxy); unset, AWS's endpoint for S3_REGION. */
    S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 lower-case letters, digits, dots, dashes)').optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** `true` addresses objects as <endpoint>/<bucket>/<key> (S3Proxy, MinIO) instead of <bucket>.<endpoint>/<key>. */
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true'),
    REDIS_URL: redisUrl.optional(),
  })
  .superRefine((config, context) => {
    if (config.BLOB_STORE !== 's3') return;
    for (const name of [...S3_ONLY, 'REDIS_URL'] as const) {
      if (config[name] === undefined) context.addIssue({ code: 'custom', path: [name], message: 'must be set when BLOB_STORE=s3' });
    }
  });

export type BlobStoreConfig = z.infer<typeof blobStoreConfigSchema>;

export function loadBlobStoreConfig(env: Record<string, string | undefined> = process.env): BlobStoreConfig {
  return loadConfig(blobStoreConfigSchema, env);
}

export function s3ClientFor(config: Pick<BlobStoreConfig, 'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'>): S3Client {
  return new S3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID ?? '', secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '' },
    // Bounded: a request to a server that stopped answering fails instead of holding a job or request forever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    maxAttempts: 3,
    // The SDK's default CRC32 trailers are an S3 extension that S3Proxy and other compatible servers refuse (501);
    // integrity is our SHA-256, checked by the readers that matter.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The store the configuration names, validated at boot (a missing S3 setting stops the service, naming it). */
export function createBlobStore(config: BlobStoreConfig = loadBlobStoreConfig()): BlobStore {
  if (config.BLOB_STORE === 'local') return new LocalDirectoryBlobStore(path.resolve(config.BLOB_STORE_DIR));
  const bucket = config.S3_BUCKET as string;
  const lock = new BlobCommitLock(
    // Connected on the first commit: a process that only reads blobs never opens it.
    new Redis(config.REDIS_URL as string, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: REDIS_COMMAND_TIMEOUT_MS }),
    bucket,
  );
  return new S3BlobStore(s3ClientFor(config), bucket, lock);
}
