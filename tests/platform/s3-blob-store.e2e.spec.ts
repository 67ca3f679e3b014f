import { HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { BlobCommitLock, BlobCommitLockTimeoutError, loadBlobStoreConfig, S3BlobStore, s3ClientFor } from '@llmchain/platform';
import { infraEnv, S3TestBucket } from '@llmchain/testing';
import Redis from 'ioredis';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeBlobStoreContract } from '../../libs/platform/src/blob/blob-store.contract';

const MiB = 2 ** 20;
/** S3's smallest part, so the contract's 12 MiB blob goes up in three parts and is published by a three-part copy. */
const SMALL_PARTS = { uploadPartBytes: 5 * MiB, singleCopyMaxBytes: 5 * MiB, copyPartBytes: 5 * MiB };

function openS3Store(bucket: S3TestBucket) {
  const { REDIS_URL } = infraEnv();
  const lock = new BlobCommitLock(new Redis(REDIS_URL), bucket.name);
  return new S3BlobStore(s3ClientFor(loadBlobStoreConfig({ ...bucket.env, REDIS_URL })), bucket.name, lock, SMALL_PARTS);
}

describeBlobStoreContract('S3BlobStore on S3Proxy', async () => {
  const bucket = await new S3TestBucket().create();
  const store = openS3Store(bucket);
  return {
    store,
    close: async () => {
      // Nothing half-uploaded may stay behind either: an aborted or failed write abandons no multipart upload.
      const uploads = await bucket.client.send(new ListMultipartUploadsCommand({ Bucket: bucket.name }));
      expect(uploads.Uploads ?? []).toEqual([]);
      await store.close();
      await bucket.remove();
    },
  };
});

describe('S3BlobStore on S3Proxy, beyond the contract', () => {
  let bucket: S3TestBucket;
  beforeEach(async () => {
    bucket = await new S3TestBucket().create();
  });
  afterEach(() => bucket.remove());

  it('records the SHA-256 it computed as the object metadata, multipart copies included', async () => {
    const store = openS3Store(bucket);
    const bytes = randomBytes(11 * MiB);
    const staged = await store.stage();
    for (let at = 0; at < bytes.length; at += MiB) await staged.write(bytes.subarray(at, at + MiB));
    const stored = await staged.commit('models/m1/model.onnx');
    const digest = createHash('sha256').update(bytes).digest('hex');
    expect(stored.sha256).toBe(digest);
    const head = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.name, Key: 'models/m1/model.onnx' }));
    expect(head.Metadata).toEqual({ sha256: digest });
    expect(head.ContentLength).toBe(bytes.length);
    await store.close();
  });

  it('never overwrites a key when separate processes (separate clients and Redis connections) commit it at once', async () => {
    const stores = Array.from({ length: 4 }, () => openS3Store(bucket));
    for (let round = 0; round < 5; round++) {
      const key = `race/${round}`;
      const staged = await Promise.all(
        stores.map(async (store, i) => {
          const blob = await store.stage();
          // Each writer's content has its own length, so a size that changes during the race shows an overwrite.
          await blob.write(Buffer.from(`store ${i} round ${round}${'!'.repeat(i)}`));
          return blob;
        }),
      );
      const sizesSeen = new Set<number>();
      let racing = true;
      const watcher = (async () => {
        while (racing) {
          const size = await stores[0].size(key);
          if (size !== null) sizesSeen.add(size);
        }
      })();
      await Promise.all(staged.map((blob) => blob.commit(key)));
      racing = false;
      await watcher;
      const final = (await stores[1].openRead(key).toArray()).join('');
      expect(final).toMatch(new RegExp(`^store [0-3] round ${round}!*$`));
      expect([...sizesSeen].filter((size) => size !== final.length)).toEqual([]);
    }
    expect(await bucket.keys('.staging')).toEqual([]);
    await Promise.all(stores.map((store) => store.close()));
  });
});

describe('BlobCommitLock', () => {
  const redis = () => new Redis(infraEnv().REDIS_URL);

  it('admits one holder at a time across connections', async () => {
    const namespace = randomUUID();
    const locks = Array.from({ length: 5 }, () => new BlobCommitLock(redis(), namespace));
    let holders = 0;
    let mostHolders = 0;
    await Promise.all(
      locks.flatMap((lock) =>
        [1, 2, 3].map(() =>
          lock.withLock('k', async () => {
            mostHolders = Math.max(mostHolders, ++holders);
            await sleep(10);
            holders--;
          }),
        ),
      ),
    );
    expect(mostHolders).toBe(1);
    await Promise.all(locks.map((lock) => lock.close()));
  });

  it('keeps a slow holder’s lock past its lease by renewing it, and frees a dead holder’s after the lease', async () => {
    const namespace = randomUUID();
    const slow = new BlobCommitLock(redis(), namespace, 300);
    const other = new BlobCommitLock(redis(), namespace, 300, 150);
    let otherGotIn = false;
    await slow.withLock('k', async () => {
      await sleep(1000);
      otherGotIn = await other.withLock('k', async () => true).catch((error) => {
        expect(error).toBeInstanceOf(BlobCommitLockTimeoutError);
        return false;
      });
    });
    expect(otherGotIn).toBe(false);

    // A holder killed mid-commit leaves its lock key behind, with the lease it last set.
    const raw = redis();
    await raw.set(`llmchain:blob-commit:${namespace}:dead`, 'a dead holder', 'PX', 300);
    const next = new BlobCommitLock(redis(), namespace, 300, 5000);
    const waited = Date.now();
    await next.withLock('dead', async () => undefined);
    expect(Date.now() - waited).toBeGreaterThanOrEqual(200);
    await Promise.all([slow.close(), other.close(), next.close(), raw.quit()]);
  });
});
