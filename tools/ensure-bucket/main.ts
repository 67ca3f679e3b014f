// Creates the blob store's bucket (S3_BUCKET) if it does not exist yet, waiting up to a minute for the S3 server to
// answer: the one-shot step docker-compose.yml and deploy/k8s run before the services, which expect the bucket.
//   BLOB_STORE=s3 S3_ENDPOINT=... S3_BUCKET=... node -r @swc-node/register tools/ensure-bucket/main.ts
import { BucketAlreadyOwnedByYou, CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { ConfigError, loadBlobStoreConfig, s3ClientFor } from '@llmchain/platform';
import { setTimeout as sleep } from 'node:timers/promises';

const WAIT_FOR_SERVER_MS = 60_000;

async function main(): Promise<void> {
  const config = loadBlobStoreConfig();
  if (config.BLOB_STORE !== 's3' || !config.S3_BUCKET) throw new ConfigError(['BLOB_STORE must be s3 and S3_BUCKET set for ensure-bucket']);
  const client = s3ClientFor(config);
  const bucket = config.S3_BUCKET;
  const deadline = Date.now() + WAIT_FOR_SERVER_MS;
  for (;;) {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
      console.log(JSON.stringify({ msg: 'bucket exists', bucket }));
      return;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) {
        await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: unknown) => {
          if (!(e instanceof BucketAlreadyOwnedByYou)) throw e;
        });
        console.log(JSON.stringify({ msg: 'bucket created', bucket }));
        return;
      }
      // No status: the server is not answering yet (still starting); anything else (403: credentials) is final.
      if (status !== undefined || Date.now() > deadline) throw error;
      await sleep(1_000);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`ensure-bucket: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
