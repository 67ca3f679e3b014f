import { LocalDirectoryBlobStore } from '@llmchain/platform';
import { waitUntil } from '@llmchain/testing';
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { ServingHarness, TenantKey } from './serving-harness';
import { exportTinyModel } from './tiny-model';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Every file under a directory by its `/`-separated relative path, largest first. */
function filesOf(dir: string, relative = ''): { path: string; bytes: number }[] {
  return readdirSync(path.join(dir, relative), { withFileTypes: true })
    .flatMap((entry) => {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesOf(dir, name) : [{ path: name, bytes: statSync(path.join(dir, name)).size }];
    })
    .sort((a, b) => b.bytes - a.bytes);
}

/** The digest training-service announces, written out here: SHA-256 of the sorted "<path> <sha256>\n" lines. */
function announcedDigest(dir: string): string {
  const lines = filesOf(dir)
    .map((f) => f.path)
    .sort()
    .map((file) => `${file} ${sha256(readFileSync(path.join(dir, file)))}\n`);
  return sha256(lines.join(''));
}

/**
 * model.registered carries the artifact's SHA-256; serving loads a directory only when its files digest to it. A
 * model whose upload was cut short or changed afterwards answers 503 naming the mismatch, is logged as a
 * model.artifact.rejected event, and never answers a completion.
 */
describe('serving-service model artifact integrity', () => {
  const harness = new ServingHarness();
  let tenant: TenantKey;
  let blobs: LocalDirectoryBlobStore;

  beforeAll(async () => {
    await harness.start();
    blobs = new LocalDirectoryBlobStore(path.join(harness.modelsDir, 'blobs'));
    tenant = await harness.issueKey();
  });
  afterAll(() => harness.teardown());

  /**
   * Exports a tiny model, and uploads it under its own blob key as training-service does; returns the key and its digest.
   * Each test's model has its own context length: the same files would share serving's cache, named by their digest.
   */
  async function uploadTinyModel(contextLength: number): Promise<{ blobKey: string; digest: string; dir: string }> {
    const local = `exports/${randomUUID()}`;
    await exportTinyModel(harness.modelsDir, local, { contextLength });
    const dir = path.join(harness.modelsDir, local);
    const blobKey = `uploads/${randomUUID()}/model`;
    for (const file of filesOf(dir)) {
      const staged = await blobs.stage();
      await staged.write(readFileSync(path.join(dir, file.path)));
      await staged.commit(`${blobKey}/${file.path}`);
    }
    return { blobKey, digest: announcedDigest(dir), dir };
  }

  const blobFile = (key: string) => path.join(harness.modelsDir, 'blobs', ...key.split('/'));

  /** The status and error of a one-token completion, once the model is no longer loading. */
  async function settledAnswer(name: string): Promise<{ status: number; code?: string; message?: string }> {
    const ask = async () => {
      const response = await fetch(`${harness.serving.baseUrl}/v1/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: name, prompt: 'the', max_tokens: 1 }),
      });
      const body = (await response.json()) as { error?: { code: string; message: string } };
      return { status: response.status, code: body.error?.code, message: body.error?.message };
    };
    return waitUntil(ask, (answer) => answer.status !== 404 && answer.code !== 'model_not_ready', { timeoutMs: 60_000, intervalMs: 200, what: `model ${name} to load or fail` });
  }

  it('serves an intact upload', async () => {
    const { blobKey, digest } = await uploadTinyModel(128);
    await harness.announceModel(tenant.tenantId, 'intact', blobKey, digest);
    expect(await settledAnswer('intact')).toMatchObject({ status: 200 });
  });

  it('refuses an upload whose largest file was cut short, and never serves it', async () => {
    const { blobKey, digest, dir } = await uploadTinyModel(96);
    const largest = filesOf(dir)[0];
    truncateSync(blobFile(`${blobKey}/${largest.path}`), Math.floor(largest.bytes / 2));
    await harness.announceModel(tenant.tenantId, 'truncated', blobKey, digest);
    const answer = await settledAnswer('truncated');
    expect(answer).toMatchObject({ status: 503, code: 'model_load_failed' });
    expect(answer.message).toContain(`under ${blobKey} does not match the SHA-256 its registration announced (announced ${digest}, found `);
    expect(harness.serving.tail(400)).toMatch(new RegExp(`"event":"model.artifact.rejected".*"artifactKey":"${blobKey}"|"artifactKey":"${blobKey}".*"event":"model.artifact.rejected"`));
    expect(readdirSync(path.join(harness.modelsDir, 'cache')).filter((d) => d.startsWith(digest))).toEqual([]);
  });

  it('refuses a local model directory changed after it was announced, even when the change still loads', async () => {
    const key = `models/${randomUUID()}`;
    await exportTinyModel(harness.modelsDir, key);
    const dir = path.join(harness.modelsDir, key);
    const digest = announcedDigest(dir);
    appendFileSync(path.join(dir, 'config.json'), '\n'); // still valid JSON: only the digest tells it apart
    expect(announcedDigest(dir)).not.toBe(digest);
    await harness.announceModel(tenant.tenantId, 'tampered', key, digest);
    expect(await settledAnswer('tampered')).toMatchObject({ status: 503, code: 'model_load_failed', message: expect.stringMatching(/does not match the SHA-256/) });
  });
});
