import { GetObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { HttpStatus } from '@nestjs/common';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import { uploadRejected } from '../../corpora/upload-errors';
import { checkedLookup, refuseLiteralAddress, RefusedTargetError } from '@llmchain/platform';
import { ImportedItem } from '../import-settings';
import { ObjectStorageSettings } from './object-storage-settings';

export type BucketReadLimits = { maxDocumentBytes: number };

/**
 * A client for the tenant's server whose every connection goes through the crawl's address policy: the endpoint's
 * host is resolved and refused when private, loopback or link-local (unless the operator allows those), and the socket
 * connects to the address that was checked.
 */
export function guardedS3Client(settings: ObjectStorageSettings, allowPrivateTargets: boolean): S3Client {
  const url = new URL(settings.endpoint);
  refuseLiteralAddress(url, allowPrivateTargets);
  const lookup = checkedLookup(allowPrivateTargets);
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.force_path_style,
    credentials: { accessKeyId: settings.access_key_id, secretAccessKey: settings.secret_access_key },
    requestHandler: { httpAgent: new HttpAgent({ lookup }), httpsAgent: new HttpsAgent({ lookup }), connectionTimeout: 5_000, requestTimeout: 30_000 },
    maxAttempts: 2,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** What the server said, as a 4xx naming what to check; the credentials themselves never appear in it. */
export function bucketRefused(error: unknown, settings: ObjectStorageSettings): Error {
  if (error instanceof RefusedTargetError) return uploadRejected(HttpStatus.FORBIDDEN, 'malformed_source', error.message);
  const what = error instanceof S3ServiceException ? `${error.name} (HTTP ${error.$metadata.httpStatusCode})` : (error as Error).message;
  return uploadRejected(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'malformed_source',
    `${settings.endpoint} bucket ${settings.bucket} refused the import: ${what}: check the endpoint, bucket, prefix and credentials`,
  );
}

/** Keys and sizes of every object under the prefix, refusing more than `max_objects` before anything is read. */
async function listObjects(client: S3Client, settings: ObjectStorageSettings): Promise<{ key: string; bytes: number; etag: string; lastModified: string }[]> {
  const objects: { key: string; bytes: number; etag: string; lastModified: string }[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: settings.bucket, Prefix: settings.prefix, ContinuationToken }));
    for (const object of page.Contents ?? []) {
      // Folder markers some tools write hold no document.
      if (!object.Key || object.Key.endsWith('/')) continue;
      objects.push({ key: object.Key, bytes: object.Size ?? 0, etag: (object.ETag ?? '').replace(/"/g, ''), lastModified: object.LastModified?.toISOString() ?? '' });
      if (objects.length > settings.max_objects)
        throw uploadRejected(
          HttpStatus.PAYLOAD_TOO_LARGE,
          'too_large',
          `more than ${settings.max_objects} objects under prefix "${settings.prefix}": narrow the prefix or raise max_objects`,
        );
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return objects;
}

/** An object's bytes, stopping (null) past `maxBytes`: a listing's size may be stale, the read is bounded anyway. */
async function readBounded(body: Readable, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      body.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Every object under the prefix in key order as one document (its UTF-8 text), with its key, ETag and modification
 * time as lineage; objects over the document limit are skipped unread as too_large, ones that are not UTF-8 text as
 * not_text.
 */
export async function* bucketObjectItems(client: S3Client, settings: ObjectStorageSettings, limits: BucketReadLimits): AsyncGenerator<ImportedItem> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const object of await listObjects(client, settings)) {
    if (object.bytes > limits.maxDocumentBytes) {
      yield { skipped: 'too_large' };
      continue;
    }
    const response = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: object.key }));
    const bytes = await readBounded(response.Body as Readable, limits.maxDocumentBytes);
    if (bytes === null) {
      yield { skipped: 'too_large' };
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      yield { skipped: 'not_text' };
      continue;
    }
    if (text.includes('\u0000')) yield { skipped: 'not_text' };
    else if (text.trim() === '') yield { skipped: 'empty_text' };
    else yield { text, metadata: { s3_key: object.key, etag: object.etag, last_modified: object.lastModified } };
  }
}
