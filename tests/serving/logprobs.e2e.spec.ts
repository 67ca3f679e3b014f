import { GptConfig, initParams, LossEvaluator } from '@llmchain/model-runtime';
import { encodeChatMessages, Tokenizer } from '@llmchain/tokenizer';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import OpenAI from 'openai';
import { ServingHarness, TenantKey } from './serving-harness';
import { exportTinyModel } from './tiny-model';

/**
 * Log-probabilities through the official openai client, checked against the training graph's cross-entropy on the
 * same tokens (LossEvaluator: the training forward, not the exported inference graph serving runs).
 */
describe('serving-service logprobs', () => {
  const harness = new ServingHarness();
  let tenant: TenantKey;
  let client: OpenAI;
  let config: GptConfig;
  let tokenizer: Tokenizer;

  /** Σ log p(ids[t] | ids[<t]) for t ≥ 1, from the training graph's mean loss over the sequence. */
  async function trainingLogLikelihood(ids: number[]): Promise<number> {
    const evaluator = await LossEvaluator.create(config, 1, ids.length - 1);
    const { loss } = await evaluator.evaluate(initParams(config, 7), Int32Array.from(ids));
    return -loss * (ids.length - 1);
  }

  const sum = (values: (number | null)[]) => values.reduce<number>((total, v) => total + (v ?? 0), 0);

  beforeAll(async () => {
    await harness.start();
    tenant = await harness.issueKey();
    const key = `models/${randomUUID()}`;
    config = await exportTinyModel(harness.modelsDir, key);
    tokenizer = await Tokenizer.load(path.join(harness.modelsDir, key));
    await harness.registerModel(tenant.tenantId, 'tiny-lp', {}, key);
    client = harness.client(tenant.key);
  });
  afterAll(() => harness.teardown());

  it("scores a tokenized prompt with max_tokens 0 and echo, as lm-evaluation-harness asks, to the training graph's loss", async () => {
    const ids = tokenizer.encode('the cat sat on the mat. the dog ran after the cat', { allowedSpecial: 'none' });
    const scored = await client.completions.create({ model: 'tiny-lp', prompt: [ids] as unknown as number[], max_tokens: 0, echo: true, logprobs: 1, temperature: 0 });
    const logprobs = scored.choices[0].logprobs!;
    expect(scored.choices[0].text).toBe(tokenizer.decode(ids));
    expect(logprobs.tokens).toHaveLength(ids.length);
    expect(logprobs.token_logprobs![0]).toBeNull();
    expect(logprobs.top_logprobs![0]).toBeNull();
    expect(logprobs.text_offset![0]).toBe(0);
    expect(logprobs.top_logprobs!.slice(1).every((top) => Object.keys(top).length === 1)).toBe(true);
    expect(Math.abs(sum(logprobs.token_logprobs!) - (await trainingLogLikelihood(ids)))).toBeLessThan(1e-4);
    expect(scored.usage).toEqual({ prompt_tokens: ids.length, completion_tokens: 0, total_tokens: ids.length });
  });

  it('echoes the prompt ahead of a greedy token, streamed or not, with the same logprobs', async () => {
    const request = { model: 'tiny-lp', prompt: 'a dog met the cat', max_tokens: 1, echo: true, logprobs: 2, temperature: 0 };
    const whole = await client.completions.create(request);
    const logprobs = whole.choices[0].logprobs!;
    const ids = tokenizer.encode(request.prompt, { allowedSpecial: 'none' });
    expect(logprobs.tokens).toHaveLength(ids.length + 1);
    expect(Math.abs(sum(logprobs.token_logprobs!.slice(0, ids.length)) - (await trainingLogLikelihood(ids)))).toBeLessThan(1e-4);
    // The greedy token is the most likely one: lm-evaluation-harness's is_greedy.
    const last = logprobs.top_logprobs![ids.length]!;
    expect(Math.max(...Object.values(last))).toBeCloseTo(logprobs.token_logprobs![ids.length]!, 6);
    expect(whole.choices[0].text.startsWith(request.prompt)).toBe(true);

    const streamed = await client.completions.create({ ...request, stream: true });
    const tokens: string[] = [];
    const values: (number | null)[] = [];
    let text = '';
    for await (const chunk of streamed) {
      for (const choice of chunk.choices) {
        text += choice.text;
        tokens.push(...(choice.logprobs?.tokens ?? []));
        values.push(...(choice.logprobs?.token_logprobs ?? []));
      }
    }
    expect(text).toBe(whole.choices[0].text);
    expect(tokens).toEqual(logprobs.tokens);
    // To float32 rounding: the streamed request may find its prompt in the prefix cache (see the chat test below).
    expect(values.map((value) => value === null)).toEqual(logprobs.token_logprobs!.map((value) => value === null));
    values.forEach((value, i) => value !== null && expect(value).toBeCloseTo(logprobs.token_logprobs![i]!, 6));
  });

  it("reports each generated chat token's logprob and top alternatives, to the training graph's loss", async () => {
    const messages = [{ role: 'user' as const, content: 'the dog sat' }];
    const answer = await client.chat.completions.create({ model: 'tiny-lp', messages, max_tokens: 6, temperature: 0, logprobs: true, top_logprobs: 3 });
    const content = answer.choices[0].logprobs!.content!;
    expect(content).toHaveLength(answer.usage!.completion_tokens);
    for (const entry of content) {
      expect(entry.top_logprobs).toHaveLength(3);
      expect(entry.top_logprobs[0].logprob).toBeCloseTo(entry.logprob, 6);
      expect(entry.top_logprobs[0].logprob).toBeGreaterThanOrEqual(entry.top_logprobs[1].logprob);
    }
    // The tokens' bytes name their ids; the prompt is the chat template's rendering.
    const idOfBytes = new Map(Array.from({ length: tokenizer.vocabSize }, (_, id) => [Buffer.from(tokenizer.tokenBytes(id)).toString('hex'), id]));
    const generated = content.map((entry) => idOfBytes.get(Buffer.from(entry.bytes!).toString('hex')) as number);
    const prompt = encodeChatMessages(tokenizer, messages, { addGenerationPrompt: true });
    const expected = (await trainingLogLikelihood([...prompt, ...generated])) - (await trainingLogLikelihood(prompt));
    expect(Math.abs(sum(content.map((entry) => entry.logprob)) - expected)).toBeLessThan(1e-4);

    const streamed = await client.chat.completions.create({ model: 'tiny-lp', messages, max_tokens: 6, temperature: 0, logprobs: true, top_logprobs: 3, stream: true });
    const chunks: OpenAI.ChatCompletionTokenLogprob[] = [];
    for await (const chunk of streamed) for (const choice of chunk.choices) chunks.push(...(choice.logprobs?.content ?? []));
    // The same tokens; the figures agree to float32 rounding, not bit for bit: the second request finds the prompt in
    // the prefix cache, and KV computed in one prefill differs from a decode step's in the last bits.
    const figures = (entries: OpenAI.ChatCompletionTokenLogprob[]) => entries.flatMap((entry) => [entry.logprob, ...entry.top_logprobs.map((top) => top.logprob)]);
    const tokens = (entries: OpenAI.ChatCompletionTokenLogprob[]) => entries.map((entry) => [entry.token, entry.bytes, entry.top_logprobs.map((top) => [top.token, top.bytes])]);
    expect(tokens(chunks)).toEqual(tokens(content));
    figures(chunks).forEach((figure, i) => expect(figure).toBeCloseTo(figures(content)[i], 6));
  });

  it('refuses logprobs outside their ranges, and top_logprobs without logprobs, naming the parameter', async () => {
    await expect(client.completions.create({ model: 'tiny-lp', prompt: 'the', logprobs: 6 })).rejects.toMatchObject({ status: 400, param: 'logprobs' });
    await expect(client.chat.completions.create({ model: 'tiny-lp', messages: [{ role: 'user', content: 'x' }], top_logprobs: 2 })).rejects.toMatchObject({
      status: 400,
      param: 'top_logprobs',
    });
    await expect(client.completions.create({ model: 'tiny-lp', prompt: 'the', max_tokens: 0 })).rejects.toMatchObject({ status: 400, param: 'max_tokens' });
  });
});
