import { LocalDirectoryBlobStore } from './local-directory-blob-store';
import { createBlobStore, loadBlobStoreConfig } from './blob-store-config';
import { S3BlobStore } from './s3-blob-store';

const s3 = {
  BLOB_STORE: 's3',
  S3_ENDPOINT: 'http://127.0.0.1:9310',
  S3_BUCKET: 'llmchain',
  S3_ACCESS_KEY_ID: 'id',
  S3_SECRET_ACCESS_KEY: 'secret',
  S3_FORCE_PATH_STYLE: 'true',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('blob store configuration', () => {
  it('defaults to the local directory', () => {
    expect(createBlobStore(loadBlobStoreConfig({ BLOB_STORE_DIR: '/tmp/blobs-here' }))).toEqual(new LocalDirectoryBlobStore('/tmp/blobs-here'));
  });

  it('switches to S3 with BLOB_STORE=s3', async () => {
    const store = createBlobStore(loadBlobStoreConfig(s3));
    expect(store).toBeInstanceOf(S3BlobStore);
    expect((store as S3BlobStore).bucket).toBe('llmchain');
    await (store as S3BlobStore).close();
  });

  it('names every S3 setting that is missing or malformed', () => {
    const { S3_BUCKET, S3_SECRET_ACCESS_KEY, ...rest } = s3;
    expect(S3_BUCKET && S3_SECRET_ACCESS_KEY).toBeTruthy();
    expect(() => loadBlobStoreConfig(rest)).toThrow(/S3_BUCKET: must be set when BLOB_STORE=s3[\s\S]*S3_SECRET_ACCESS_KEY: must be set/);
    expect(() => loadBlobStoreConfig({ ...s3, S3_ENDPOINT: 'ftp://x', S3_BUCKET: 'Bad_Bucket', S3_FORCE_PATH_STYLE: 'yes' })).toThrow(
      /S3_ENDPOINT: must be an http[\s\S]*S3_BUCKET: must be an S3 bucket name[\s\S]*S3_FORCE_PATH_STYLE: must be true or false/,
    );
    expect(() => loadBlobStoreConfig({ ...s3, BLOB_STORE: 'gcs' })).toThrow(/BLOB_STORE: must be local or s3/);
  });
});
