import { z } from 'zod';

/**
 * An import of every object under a prefix of an S3-compatible bucket. The credentials are used for this request only:
 * the run keeps the endpoint, bucket and prefix, never the keys.
 */
export const objectStorageSettings = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/, error: 'must be the http:// or https:// URL of an S3-compatible server' }).max(2048),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 lower-case letters, digits, dots, dashes)'),
  prefix: z.string().max(1024).default(''),
  region: z.string().min(1).max(64).default('us-east-1'),
  /** <endpoint>/<bucket>/<key> addressing (S3Proxy, MinIO) rather than <bucket>.<endpoint>/<key>. */
  force_path_style: z.boolean().default(true),
  access_key_id: z.string().min(1).max(256),
  secret_access_key: z.string().min(1).max(256),
  /** More objects than this under the prefix refuses the import: narrow the prefix. */
  max_objects: z.number().int().min(1).max(100_000).default(10_000),
});

export type ObjectStorageSettings = z.output<typeof objectStorageSettings>;
