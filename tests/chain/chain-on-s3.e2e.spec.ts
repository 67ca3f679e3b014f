import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3TestBucket, waitUntil } from '@llmchain/testing';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runChain, ChainResult } from '../../tools/main-job/chain/run-chain';
import { HttpClient } from '../../tools/main-job/chain/http-client';
import { trainModel } from '../../tools/main-job/chain/training-steps';
import { ADMIN, ChainStack } from './chain-stack';

const TRAINING = {
  model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 },
  hyperparameters: { steps: 10, batchSize: 4, learningRate: 0.005, checkpointEvery: 5 },
};

/**
 * The chain with every service and the training worker on one S3 bucket (S3Proxy) and no blob directory: the corpus
 * data-service stores, the shards it cleans into, the model training writes and serving loads all travel through S3.
 * A shard or a model file altered in the bucket behind the platform's back is then refused when it is read.
 */
describe('the chain on S3-compatible object storage', () => {
  const bucket = new S3TestBucket();
  let chain: ChainStack;
  let result: ChainResult;

  beforeAll(async () => {
    await bucket.create();
    chain = new ChainStack(bucket.env);
    await chain.start();
    result = await runChain({
      urls: chain.urls(),
      admin: ADMIN,
      label: 's3',
      corpusBytes: 40_000,
      seed: 11,
      training: TRAINING,
      prompt: 'The ',
      maxTokens: 8,
      out: null,
    });
  });
  afterAll(async () => {
    await chain?.teardown();
    await bucket.remove();
  });

  it('uploads, cleans, trains and serves with every blob in the bucket and none on local disk', async () => {
    expect(result.completions.completion.length).toBeGreaterThan(0);
    const keys = await bucket.keys();
    const version = keys.filter((key) => key.includes(`/cleaning-runs/${result.cleaned.cleaningRunId}/`));
    expect(version.some((key) => key.endsWith('/manifest.json'))).toBe(true);
    expect(version.some((key) => /\/shard-\d{5}\.jsonl$/.test(key))).toBe(true);
    expect(keys.some((key) => key.endsWith('/config.json') && key.includes(result.model.job.id))).toBe(true);
    expect(keys.filter((key) => key.startsWith('.staging/'))).toEqual([]);
    expect(existsSync(path.join(chain.dir, 'blobs'))).toBe(false);
  });

  it('refuses a dataset shard altered in the bucket when training reads it', async () => {
    const shard = (await bucket.keys()).find((key) => key.includes(`/cleaning-runs/${result.cleaned.cleaningRunId}/shard-`))!;
    // Same length, one letter changed.
    const original = Buffer.from(await (await bucket.client.send(new GetObjectCommand({ Bucket: bucket.name, Key: shard }))).Body!.transformToByteArray());
    const altered = Buffer.from(original);
    // Inside the first document's text, so every line still parses and only the digest at the shard's end can tell.
    const at = altered.indexOf('e', altered.indexOf('"text":') + '"text":'.length + 1);
    altered[at] = 'E'.charCodeAt(0);
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.name, Key: shard, Body: altered }));
    const training = new HttpClient(chain.baseUrl('training-service'), result.tenant.key);
    await expect(trainModel(training, result.tenant.key, result.cleaned.datasetVersionId, TRAINING, null)).rejects.toThrow(
      /shard-\d{5}\.jsonl .*SHA-256 [0-9a-f]{64}/,
    );
  });

  it('refuses model files altered in the bucket when a fresh serving process loads them', async () => {
    const serving = chain.stack.get('serving-service');
    await serving.stop();
    // A fresh host: nothing cached, so the model comes from the bucket again.
    rmSync(path.join(chain.dir, 'serving-cache'), { recursive: true, force: true });
    const config = (await bucket.keys()).find((key) => key.endsWith(`/training-jobs/${result.model.job.id}/model/config.json`))!;
    const original = await (await bucket.client.send(new GetObjectCommand({ Bucket: bucket.name, Key: config }))).Body!.transformToString();
    // Still valid JSON that loads: only the digest model.registered announced tells it apart.
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.name, Key: config, Body: `${original}\n` }));
    serving.start();
    await serving.waitReady(120_000);
    const ask = async () => {
      const response = await fetch(`${serving.baseUrl}/v1/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${result.tenant.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: result.model.modelName, prompt: 'The ', max_tokens: 1 }),
      });
      const body = (await response.json()) as { error?: { code: string; message: string } };
      return { status: response.status, code: body.error?.code, message: body.error?.message };
    };
    const answer = await waitUntil(ask, (a) => a.status !== 404 && a.code !== 'model_not_ready', { timeoutMs: 60_000, intervalMs: 250, what: 'serving to load or refuse the model' });
    expect(answer).toMatchObject({ status: 503, code: 'model_load_failed', message: expect.stringMatching(/does not match the SHA-256 its registration announced/) });
  });
});
