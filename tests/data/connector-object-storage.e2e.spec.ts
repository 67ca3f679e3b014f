import { PutObjectCommand } from '@aws-sdk/client-s3';
import { queryRows, S3TestBucket, ServiceProcess, ServiceStack } from '@llmchain/testing';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { call, issueKey } from './data-api';

type Corpus = { id: string; sha256: string; documents: number; created: boolean };
type Run = { id: string; kind: string; status: string; documents: number; skipped: Record<string, number>; source: Record<string, string> };
type Imported = { run: Run; corpus: Corpus; problem?: string; message?: string };

/** The objects a data team keeps under a prefix, and neighbours the import must leave alone. */
const OBJECTS: Record<string, Buffer | string> = {
  'team/a/notes-1.txt': 'River stones, quiet lanterns and a copper harbour in winter.',
  'team/a/notes-2.md': '# Meadow\n\nThe meadow hums: ünïcødé survives the trip.',
  'team/b/duplicate-of-1.txt': 'River stones, quiet lanterns and a copper harbour in winter.',
  'team/b/empty.txt': '   \n',
  'team/b/image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xfe]),
  'team/c/huge.txt': 'x'.repeat(5000),
  'team/folder/': '',
  'elsewhere/not-under-the-prefix.txt': 'must not be imported',
};
const SECRET_MARK = 'do-not-log';

describe('data-service connectors: an S3-compatible bucket prefix becomes a corpus, one document per object', () => {
  const stack = new ServiceStack();
  const bucket = new S3TestBucket();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'connector-s3-blobs-'));
  let service: ServiceProcess;
  let key: string;
  let tenantId: string;
  let settings: Record<string, unknown>;
  const importBucket = (body: Record<string, unknown>, on = service, withKey = key) =>
    call<Imported>(on.baseUrl, withKey, 'POST', '/connectors/object-storage', body);

  beforeAll(async () => {
    await bucket.create();
    for (const [objectKey, body] of Object.entries(OBJECTS)) {
      await bucket.client.send(new PutObjectCommand({ Bucket: bucket.name, Key: objectKey, Body: Buffer.from(body) }));
    }
    service = await stack.add('data-service', {
      BLOB_STORE_DIR: blobRoot,
      QUEUE_PREFIX: `test:${stack.topicPrefix}`,
      UPLOAD_MAX_DOCUMENT_BYTES: '4096',
      // The test server is on loopback, which only this operator setting opens to connectors.
      CRAWL_ALLOW_PRIVATE_TARGETS: 'true',
    });
    await stack.startAll();
    ({ key, tenantId } = await issueKey(stack));
    settings = {
      endpoint: bucket.infra.S3_ENDPOINT,
      bucket: bucket.name,
      prefix: 'team/',
      access_key_id: bucket.infra.S3_ACCESS_KEY_ID,
      secret_access_key: bucket.infra.S3_SECRET_ACCESS_KEY,
    };
  });
  afterAll(async () => {
    await stack.teardown();
    await bucket.remove();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  it('imports every text object under the prefix in key order with its key as lineage, skipping what is not a document', async () => {
    const first = await importBucket(settings);
    expect(first.status).toBe(201);
    expect(first.body.run).toMatchObject({
      kind: 's3',
      status: 'succeeded',
      documents: 3,
      skipped: { empty_text: 1, not_text: 1, too_large: 1 },
      source: { endpoint: bucket.infra.S3_ENDPOINT, bucket: bucket.name, prefix: 'team/' },
    });
    const stored = readFileSync(path.join(blobRoot, 'tenants', tenantId, 'corpora', `${first.body.corpus.sha256}.jsonl`));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(first.body.corpus.sha256);
    const documents = stored.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    const expected = ['team/a/notes-1.txt', 'team/a/notes-2.md', 'team/b/duplicate-of-1.txt'].map((objectKey) => ({
      text: OBJECTS[objectKey],
      s3_key: objectKey,
      etag: createHash('md5').update(OBJECTS[objectKey]).digest('hex'),
    }));
    expect(documents.map(({ text, s3_key, etag }) => ({ text, s3_key, etag }))).toEqual(expected);
    expect(documents.every((document) => !Number.isNaN(Date.parse(document.last_modified)))).toBe(true);

    // The same objects again are the same corpus bytes: the tenant's existing corpus comes back.
    const again = await importBucket(settings);
    expect(again.status).toBe(200);
    expect(again.body.corpus).toMatchObject({ id: first.body.corpus.id, created: false });
  });

  it('keeps the credentials out of the run, the database and the logs', async () => {
    const secret = `${SECRET_MARK}-${Date.now()}`;
    const refused = await importBucket({ ...settings, secret_access_key: secret });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/refused the import: .*check the endpoint, bucket, prefix and credentials/);
    const rows = await queryRows<{ row: string }>(stack.database('data-service').url, `SELECT row_to_json(r)::text AS row FROM connector_runs r`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { row } of rows) {
      expect(row).not.toContain(bucket.infra.S3_SECRET_ACCESS_KEY);
      expect(row).not.toContain(SECRET_MARK);
    }
    expect(service.output.join('\n')).not.toContain(SECRET_MARK);
    expect(service.output.join('\n')).not.toContain(bucket.infra.S3_SECRET_ACCESS_KEY);
  });

  it('refuses bad settings with a message naming them, and more objects than max_objects, leaving nothing behind', async () => {
    const runsBefore = await queryRows(stack.database('data-service').url, 'SELECT id FROM connector_runs');
    const bad = await importBucket({ ...settings, endpoint: 'ftp://example.com', bucket: 'Not_A_Bucket' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/endpoint[\s\S]*bucket/);
    const tooMany = await importBucket({ ...settings, max_objects: 3 });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.message).toMatch(/more than 3 objects under prefix "team\/": narrow the prefix or raise max_objects/);
    const missing = await importBucket({ ...settings, bucket: 'no-such-bucket-here' });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toMatch(/NoSuchBucket/);
    expect(await queryRows(stack.database('data-service').url, 'SELECT id FROM connector_runs')).toEqual(runsBefore);
  });

  it('refuses a loopback endpoint unless the operator allows private targets', async () => {
    // A stack of its own: a second data-service on the same topics would share the first one's consumer group.
    const guardedStack = new ServiceStack();
    try {
      const guarded = await guardedStack.add('data-service', { BLOB_STORE_DIR: blobRoot, QUEUE_PREFIX: `test:${guardedStack.topicPrefix}` });
      await guardedStack.startAll();
      const guardedKey = (await issueKey(guardedStack)).key;
      const literal = await importBucket(settings, guarded, guardedKey);
      expect(literal.status).toBe(403);
      expect(literal.body.message).toMatch(/127\.0\.0\.1 .*private, loopback or link-local/);
      const named = await importBucket({ ...settings, endpoint: bucket.infra.S3_ENDPOINT.replace('127.0.0.1', 'localhost') }, guarded, guardedKey);
      expect(named.status).toBe(403);
      expect(named.body.message).toMatch(/localhost resolves to .*private, loopback or link-local/);
    } finally {
      await guardedStack.teardown();
    }
  });
});
