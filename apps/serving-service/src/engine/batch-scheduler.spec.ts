import { BatchedDecoder, generate, InferenceModel, TokenEvent } from '@llmchain/model-runtime';
import { BatchScheduler, QueueFullError, SchedulerLimits } from './batch-scheduler';
import { TenantShare } from './tenant-fair-queue';
import { gptConfig, randomGptModel } from './testing/random-gpt-model';

const tenant: TenantShare = { tenantId: 'tenant-a', weight: 1, maxSequences: 64 };
const limits: SchedulerLimits = { maxBatchSize: 8, maxQueuedRequests: 8, maxQueuedTokens: 1000, prefillTokensPerStep: 64, joinEverySteps: 2 };

/** Collects one sequence's tokens; `ended` resolves on its last token or its failure. */
function collector() {
  const tokens: number[] = [];
  let resolve!: (reason: string) => void;
  const ended = new Promise<string>((r) => (resolve = r));
  return {
    tokens,
    ended,
    listener: {
      onToken: (event: TokenEvent) => {
        tokens.push(event.token);
        if (event.finishReason) resolve(event.finishReason);
      },
      onError: (error: Error) => resolve(`error: ${error.message}`),
    },
  };
}

describe('BatchScheduler', () => {
  const loaded = randomGptModel(gptConfig({}), 5);
  let model: InferenceModel;
  beforeAll(() => (model = loaded()));

  it('lets a request join a running batch and gives each what it would get alone', async () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), limits);
    const a = collector();
    const b = collector();
    let joined = false;
    scheduler.submit({ prompt: [1, 2, 3], maxNewTokens: 20 }, {
      ...a.listener,
      onToken: (event) => {
        a.listener.onToken(event);
        if (a.tokens.length === 3 && !joined) {
          joined = true;
          scheduler.submit({ prompt: [9, 8], maxNewTokens: 6 }, b.listener, tenant);
        }
      },
    }, tenant);
    expect(await Promise.all([a.ended, b.ended])).toEqual(['length', 'length']);
    expect(a.tokens).toEqual((await generate(model, [1, 2, 3], { maxNewTokens: 20 })).tokens);
    expect(b.tokens).toEqual((await generate(model, [9, 8], { maxNewTokens: 6 })).tokens);
    expect(scheduler.batchSize).toBe(0);
  });

  it('refuses past its queue bounds, by requests and by tokens', () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), { ...limits, maxBatchSize: 1, maxQueuedRequests: 2, maxQueuedTokens: 30 });
    scheduler.submit({ prompt: [1], maxNewTokens: 10 }, collector().listener, tenant); // admitted to the batch at once
    scheduler.submit({ prompt: [1], maxNewTokens: 10 }, collector().listener, tenant);
    expect(() => scheduler.submit({ prompt: [1], maxNewTokens: 25 }, collector().listener, tenant)).toThrow(new QueueFullError('tokens'));
    scheduler.submit({ prompt: [1], maxNewTokens: 10 }, collector().listener, tenant);
    expect(() => scheduler.submit({ prompt: [1], maxNewTokens: 1 }, collector().listener, tenant)).toThrow(new QueueFullError('requests'));
    expect(scheduler.queueDepth).toBe(2);
    scheduler.abortAll(new Error('test over'));
  });

  it('stops a cancelled sequence at once while the others go on', async () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), limits);
    const kept = collector();
    const cancelled = collector();
    const handle = scheduler.submit({ prompt: [4, 5], maxNewTokens: 30 }, {
      ...cancelled.listener,
      onToken: (event) => {
        cancelled.listener.onToken(event);
        if (cancelled.tokens.length === 2) handle.cancel();
      },
    }, tenant);
    scheduler.submit({ prompt: [7], maxNewTokens: 12 }, kept.listener, tenant);
    expect(await kept.ended).toBe('length');
    expect(cancelled.tokens).toHaveLength(2);
    expect(kept.tokens).toEqual((await generate(model, [7], { maxNewTokens: 12 })).tokens);
  });

  it("admits a request whose prompt is prefilled while a running one is cancelled (a client gone), the others unharmed", async () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), limits);
    const [cancelled, kept, joining] = [collector(), collector(), collector()];
    const handle = scheduler.submit({ prompt: [4, 5], maxNewTokens: 30 }, {
      ...cancelled.listener,
      onToken: (event) => {
        cancelled.listener.onToken(event);
        if (cancelled.tokens.length !== 3) return;
        scheduler.submit({ prompt: [9, 8], maxNewTokens: 6 }, {
          ...joining.listener,
          // Called as it leaves the queue, just before its prefill is posted: the cancel comes while that runs.
          onAdmitted: () => void Promise.resolve().then(() => handle.cancel()),
        }, tenant);
      },
    }, tenant);
    scheduler.submit({ prompt: [7], maxNewTokens: 12 }, kept.listener, tenant);
    expect(await Promise.all([kept.ended, joining.ended])).toEqual(['length', 'length']);
    expect(cancelled.tokens.length).toBeLessThan(30);
    expect(kept.tokens).toEqual((await generate(model, [7], { maxNewTokens: 12 })).tokens);
    expect(joining.tokens).toEqual((await generate(model, [9, 8], { maxNewTokens: 6 })).tokens);
  });

  it('takes no decode step while beforeStep has something to wait for', async () => {
    let release!: () => void;
    let held: Promise<void> | undefined = new Promise<void>((resolve) => (release = resolve)).then(() => (held = undefined));
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), { ...limits, beforeStep: () => held });
    const stalled = collector();
    scheduler.submit({ prompt: [3, 1], maxNewTokens: 5 }, stalled.listener, tenant);
    // The first token comes from the prefill; the second needs a decode step, which waits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stalled.tokens).toHaveLength(1);
    release();
    expect(await stalled.ended).toBe('length');
    expect(stalled.tokens).toEqual((await generate(model, [3, 1], { maxNewTokens: 5 })).tokens);
  });
});
