/**
 * @jest-environment ../../libs/model-runtime/jest.environment.js
 */
// The expected vectors come from onnxruntime in this process, which needs the main realm's typed arrays.
import { TOPICS } from '@llmchain/contracts';
import { MeanPooledEmbedder, sessionCache } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { waitUntil } from '@llmchain/testing';
import path from 'node:path';
import OpenAI from 'openai';
import { ServingHarness, TenantKey } from './serving-harness';

const ARTIFACT = 'models/embedding-tiny';
const DIMENSIONS = 32;

const maxAbsDifference = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0);

/** POST /v1/embeddings through the official openai client and raw HTTP: shapes, encodings, refusals and metering. */
describe('serving-service embeddings', () => {
  const harness = new ServingHarness();
  let tenant: TenantKey;
  let client: OpenAI;
  let tokenizer: Tokenizer;

  beforeAll(async () => {
    await harness.start();
    tenant = await harness.issueKey();
    await harness.registerModel(tenant.tenantId, 'tiny', {}, ARTIFACT);
    client = harness.client(tenant.key);
    tokenizer = await Tokenizer.load(path.join(harness.modelsDir, ARTIFACT));
  });
  afterAll(async () => {
    await sessionCache.clear();
    await harness.teardown();
  });

  const post = (body: object, key = tenant.key) =>
    fetch(`${harness.serving.baseUrl}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tiny', ...body }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: { message: string; code: string; param: string } } }));

  it('answers embeddings.create (base64, decoded by the client) with the mean-pooled final hidden states', async () => {
    const response = await client.embeddings.create({ model: 'tiny', input: 'the cat sat on the mat' });
    const ids = tokenizer.encode('the cat sat on the mat', { allowedSpecial: 'none' });
    expect(response).toMatchObject({ object: 'list', model: 'tiny', usage: { prompt_tokens: ids.length, total_tokens: ids.length } });
    expect(response.data).toHaveLength(1);
    expect(response.data[0]).toMatchObject({ object: 'embedding', index: 0 });
    expect(response.data[0].embedding).toHaveLength(DIMENSIONS);
    const [expected] = await (await MeanPooledEmbedder.load(path.join(harness.modelsDir, ARTIFACT))).embed([ids]);
    expect(maxAbsDifference(response.data[0].embedding, expected)).toBeLessThan(1e-5);
  });

  it('takes strings and token arrays, gives floats or base64, and the same vector for an input alone or among others', async () => {
    const texts = ['a dog ran', 'the cat sat on the mat by the log', 'then'];
    const floats = await client.embeddings.create({ model: 'tiny', input: texts, encoding_format: 'float' });
    expect(floats.data.map((d) => d.index)).toEqual([0, 1, 2]);
    const ids = texts.map((text) => tokenizer.encode(text, { allowedSpecial: 'none' }));
    expect(floats.usage.prompt_tokens).toBe(ids.flat().length);

    const fromIds = await client.embeddings.create({ model: 'tiny', input: ids, encoding_format: 'float' });
    const alone = await client.embeddings.create({ model: 'tiny', input: ids[1], encoding_format: 'float', dimensions: DIMENSIONS });
    const base64 = await client.embeddings.create({ model: 'tiny', input: texts, encoding_format: 'base64' });
    const decoded = base64.data.map((d) => {
      const bytes = Buffer.from(d.embedding as unknown as string, 'base64');
      return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    });
    floats.data.forEach((d, i) => {
      expect(fromIds.data[i].embedding).toEqual(d.embedding);
      expect(Array.from(decoded[i])).toEqual(d.embedding);
    });
    expect(maxAbsDifference(alone.data[0].embedding, floats.data[1].embedding)).toBeLessThan(1e-5);
    expect(maxAbsDifference(floats.data[0].embedding, floats.data[1].embedding)).toBeGreaterThan(1e-3);
  });

  it('refuses what it cannot embed with 400s that say what to fix, and another tenant’s model with 404', async () => {
    expect(await post({ input: 'the cat', dimensions: 16 })).toMatchObject({
      status: 400,
      body: { error: { param: 'dimensions', code: 'unsupported_parameter', message: expect.stringMatching(/32-dimensional/) } },
    });
    expect(await post({ input: '' })).toMatchObject({ status: 400, body: { error: { param: 'input' } } });
    expect(await post({ input: [] })).toMatchObject({ status: 400, body: { error: { param: 'input' } } });
    expect(await post({ input: [[1, 2], [5, 100_000]] })).toMatchObject({
      status: 400,
      body: { error: { param: 'input', message: expect.stringMatching(/input\[1\] holds token id 100000/) } },
    });
    expect(await post({ input: 'the cat sat on the mat. '.repeat(40) })).toMatchObject({
      status: 400,
      body: { error: { code: 'context_length_exceeded', message: expect.stringMatching(/maximum context length is 128 tokens/) } },
    });
    expect(await post({ input: 'the cat', encoding_format: 'int8' })).toMatchObject({ status: 400, body: { error: { param: 'encoding_format' } } });
    expect(await post({ input: 'the cat', frobnicate: 1 })).toMatchObject({ status: 400, body: { error: { code: 'unknown_parameter' } } });
    const other = await harness.issueKey();
    await harness.registerModel(other.tenantId, 'theirs');
    await expect(client.embeddings.create({ model: 'theirs', input: 'the cat' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('records one usage.recorded per request, with its prompt tokens and no completion tokens', async () => {
    const key = await harness.issueKey(tenant.tenantId);
    const metered = harness.client(key.key);
    const first = await metered.embeddings.create({ model: 'tiny', input: 'the dog' });
    const second = await metered.embeddings.create({ model: 'tiny', input: ['a cat', 'the log'] });
    expect((await post({ input: '' }, key.key)).status).toBe(400);
    const rows = await waitUntil(
      () => harness.rows<{ prompt_tokens: number; completion_tokens: number }>(
        'SELECT prompt_tokens, completion_tokens FROM usage_records WHERE api_key_id = $1 ORDER BY prompt_tokens',
        [key.apiKeyId],
      ),
      (found) => found.length >= 2,
      { what: 'two usage records' },
    );
    const expected = [first.usage.prompt_tokens, second.usage.prompt_tokens].sort((a, b) => a - b);
    expect(rows).toEqual(expected.map((prompt) => ({ prompt_tokens: prompt, completion_tokens: 0 })));
    const events = await harness.rows<{ prompt: number; completion: number }>(
      `SELECT (payload->'data'->>'promptTokens')::int AS prompt, (payload->'data'->>'completionTokens')::int AS completion
         FROM outbox_events WHERE topic = $1 AND payload->'data'->>'apiKeyId' = $2 ORDER BY 1`,
      [TOPICS.usageRecorded, key.apiKeyId],
    );
    expect(events).toEqual(expected.map((prompt) => ({ prompt, completion: 0 })));
  });
});
