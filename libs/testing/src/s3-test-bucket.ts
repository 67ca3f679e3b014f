import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { s3InfraEnv } from './infra-env';

/**
 * A bucket of its own on the test S3 server (S3Proxy), so suites never see each other's objects: `env` points a
 * service's blob store at it (BLOB_STORE=s3), `client` reaches it directly (to tamper with an object, or to check one).
 */
export class S3TestBucket {
  readonly name = `llmchain-test-${randomBytes(6).toString('hex')}`;
  readonly infra = s3InfraEnv();
  readonly client = new S3Client({
    endpoint: this.infra.S3_ENDPOINT,
    region: this.infra.S3_REGION,
    forcePathStyle: this.infra.S3_FORCE_PATH_STYLE === 'true',
    credentials: { accessKeyId: this.infra.S3_ACCESS_KEY_ID, secretAccessKey: this.infra.S3_SECRET_ACCESS_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  get env(): Record<string, string> {
    return { BLOB_STORE: 's3', S3_BUCKET: this.name, ...this.infra };
  }

  async create(): Promise<this> {
    await this.client.send(new CreateBucketCommand({ Bucket: this.name }));
    return this;
  }

  async keys(prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix, ContinuationToken }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key as string));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return keys.sort();
  }

  async remove(): Promise<void> {
    for (const key of await this.keys()) await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
    await this.client.send(new DeleteBucketCommand({ Bucket: this.name }));
    this.client.destroy();
  }
}
