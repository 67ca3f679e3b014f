import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { assertBlobKey, assertByteRange, ByteRange, STAGING_PREFIX } from './blob-key';
import { BlobCommitLock } from './blob-commit-lock';
import { BlobNotFoundError, BlobStore, StagedBlob, StoredBlob } from './blob-store';

/** Part sizes: S3 wants at least 5 MiB per part (but the last) and at most 10,000 parts, so 5 TiB blobs need ~512 MiB parts. */
export type S3PartSizes = {
  /** Part size of the streamed upload into staging (it buffers this much per part in flight). */
  uploadPartBytes: number;
  /** Staged blobs larger than this are published with a multipart copy: CopyObject stops at 5 GiB. */
  singleCopyMaxBytes: number;
  copyPartBytes: number;
};

export const DEFAULT_S3_PART_SIZES: S3PartSizes = { uploadPartBytes: 8 * 2 ** 20, singleCopyMaxBytes: 5 * 2 ** 30, copyPartBytes: 512 * 2 ** 20 };

const notFound = (error: unknown) => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 404 || (error as Error).name === 'NoSuchKey' || (error as Error).name === 'NotFound';
};

/**
 * Blobs as objects of one S3 bucket, keys as object keys. A write streams into `.staging/<uuid>` as a multipart
 * upload while we hash it; committing copies it under its key server-side (the SHA-256 recorded in the object's
 * metadata) and deletes the staged object, so a reader never sees half a blob. Keys are never overwritten: the
 * existence check and the copy run under a per-key lock shared by every process (see BlobCommitLock).
 */
export class S3BlobStore implements BlobStore {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    private readonly commitLock: BlobCommitLock,
    readonly partSizes: S3PartSizes = DEFAULT_S3_PART_SIZES,
  ) {}

  async stage(): Promise<StagedBlob> {
    return new S3StagedBlob(this, `${STAGING_PREFIX}/${randomUUID()}`, this.commitLock);
  }

  /** Lazily opened: the request goes out when the stream is first read, and a missing key fails it with ENOENT. */
  openRead(key: string, range?: ByteRange): Readable {
    assertBlobKey(key);
    if (range) assertByteRange(range);
    return this.readObject(key, range);
  }

  /** Any object, staging included (a staged blob reads back through here). */
  readObject(key: string, range?: ByteRange): Readable {
    const { client, bucket } = this;
    const header = range ? `bytes=${range.start}-${range.end ?? ''}` : undefined;
    return Readable.from(
      (async function* () {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: header })).catch((error) => {
          throw notFound(error) ? new BlobNotFoundError(key) : error;
        });
        yield* object.Body as Readable;
      })(),
      { objectMode: false, highWaterMark: 1 << 20 },
    );
  }

  async size(key: string): Promise<number | null> {
    assertBlobKey(key);
    try {
      return (await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))).ContentLength ?? 0;
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.deleteObject(key);
  }

  async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Keys under a prefix taken as a directory (`a/b` lists `a/b/...`, not `a/bc`), as the local store walks one. */
  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const under = prefix === '' ? '' : `${prefix.replace(/\/+$/, '')}/`;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: under, ContinuationToken }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return keys.sort();
  }

  /** Copies `from` to `to` server-side with the digest as metadata; in parts past CopyObject's 5 GiB limit. */
  async copyObject(from: string, to: string, bytes: number, sha256: string): Promise<void> {
    const source = `${this.bucket}/${from}`;
    const Metadata = { sha256 };
    if (bytes <= this.partSizes.singleCopyMaxBytes) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: source, MetadataDirective: 'REPLACE', Metadata }));
      return;
    }
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to, Metadata }));
    try {
      const Parts: { ETag?: string; PartNumber: number }[] = [];
      for (let start = 0, PartNumber = 1; start < bytes; start += this.partSizes.copyPartBytes, PartNumber++) {
        const end = Math.min(start + this.partSizes.copyPartBytes, bytes) - 1;
        const part = await this.client.send(
          new UploadPartCopyCommand({ Bucket: this.bucket, Key: to, UploadId, PartNumber, CopySource: source, CopySourceRange: `bytes=${start}-${end}` }),
        );
        Parts.push({ ETag: part.CopyPartResult?.ETag, PartNumber });
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId, MultipartUpload: { Parts } }));
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
    await this.commitLock.close();
  }

  /** Nest calls this on the provider at shutdown: the Redis connection would otherwise keep the process alive. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

class S3StagedBlob implements StagedBlob {
  private readonly hash = createHash('sha256');
  private readonly body = new PassThrough({ highWaterMark: 1 << 20 });
  private readonly upload: Upload;
  private readonly uploaded: Promise<unknown>;
  private bytes = 0;
  private finished: { bytes: number; sha256: string } | null = null;

  constructor(
    private readonly store: S3BlobStore,
    private readonly stagingKey: string,
    private readonly commitLock: BlobCommitLock,
  ) {
    this.upload = new Upload({
      client: store.client,
      params: { Bucket: store.bucket, Key: stagingKey, Body: this.body },
      partSize: store.partSizes.uploadPartBytes,
      queueSize: 2,
      leavePartsOnError: false,
    });
    this.uploaded = this.upload.done();
    // A failure is reported by the write or finish that meets it; without this it would be an unhandled rejection.
    this.uploaded.catch(() => undefined);
  }

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.body.write(chunk)) await Promise.race([once(this.body, 'drain'), this.uploaded]);
  }

  async finish(): Promise<{ bytes: number; sha256: string }> {
    if (!this.finished) {
      this.body.end();
      await this.uploaded;
      this.finished = { bytes: this.bytes, sha256: this.hash.digest('hex') };
    }
    return this.finished;
  }

  async openStagedRead(): Promise<Readable> {
    await this.finish();
    return this.store.readObject(this.stagingKey);
  }

  async commit(key: string): Promise<StoredBlob> {
    assertBlobKey(key);
    const { bytes, sha256 } = await this.finish();
    await this.commitLock.withLock(key, async () => {
      if ((await this.store.size(key)) === null) await this.store.copyObject(this.stagingKey, key, bytes, sha256);
    });
    await this.store.deleteObject(this.stagingKey);
    return { key, bytes, sha256 };
  }

  async abort(): Promise<void> {
    if (!this.finished) {
      this.body.destroy();
      await this.upload.abort().catch(() => undefined);
      await this.uploaded.catch(() => undefined);
    }
    await this.store.deleteObject(this.stagingKey).catch(() => undefined);
  }
}
