import { BatchedDecoder, generate, PrefixCache, TokenEvent } from '@llmchain/model-runtime';
import { BatchScheduler, SchedulerLimits } from './batch-scheduler';
import { TenantShare } from './tenant-fair-queue';
import { gptConfig, randomGptModel } from './testing/random-gpt-model';

const tenant: TenantShare = { tenantId: 'tenant-a', weight: 1, maxSequences: 64 };
/** Room for about two of the four sequences at their full length (each ends at 4–7 prompt + 40 generated). */
const KV_CACHE_POSITIONS = 100;
const limits: SchedulerLimits = { maxBatchSize: 8, maxQueuedRequests: 8, maxQueuedTokens: 10_000, prefillTokensPerStep: 64, joinEverySteps: 2 };
const prompts = [
  [1, 2, 3, 4, 5, 6, 7],
  [9, 8, 7, 6],
  [20, 21, 22, 23, 24],
  [40, 3, 40, 3, 40, 3],
];

describe('BatchScheduler under a key/value cache budget', () => {
  const loaded = randomGptModel(gptConfig({ contextLength: 96 }), 11);

  /** Runs every prompt at once through a scheduler; each one's tokens and the most cache positions the batch held. */
  async function runAll(scheduler: BatchScheduler): Promise<{ tokens: number[][]; mostHeld: number }> {
    let mostHeld = 0;
    const tokens = await Promise.all(
      prompts.map(
        (prompt) =>
          new Promise<number[]>((resolve, reject) => {
            const received: number[] = [];
            const listener = {
              onToken: (event: TokenEvent) => {
                received.push(event.token);
                // Positions in the cache: what each running sequence holds, less the token just drawn (not yet fed).
                const held = scheduler.tenantOccupancy().reduce((sum, t) => sum + t.cachedTokens, 0) - scheduler.batchSize;
                mostHeld = Math.max(mostHeld, held);
                if (event.finishReason) resolve(received);
              },
              onError: reject,
            };
            scheduler.submit({ prompt, maxNewTokens: 40 }, listener, tenant);
          }),
      ),
    );
    return { tokens, mostHeld };
  }

  it.each([
    ['without a prefix cache', undefined],
    ['with a prefix cache', new PrefixCache({ nLayer: 2, nKvHead: 2, headDim: 8 }, { blockTokens: 4, budgetBytes: 1 << 20 })],
  ])('preempts the latest sequences instead of failing, and each greedy output is what it is alone (%s)', async (_name, prefixCache) => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(loaded(), { prefixCache }), { ...limits, kvCachePositions: KV_CACHE_POSITIONS }, prefixCache);
    const { tokens, mostHeld } = await runAll(scheduler);
    const alone = await Promise.all(prompts.map(async (prompt) => (await generate(loaded(), prompt, { maxNewTokens: 40 })).tokens));
    expect(tokens).toEqual(alone);
    expect(tokens.every((t) => t.length === 40)).toBe(true);
    expect(scheduler.preemptions.kv_cache_budget).toBeGreaterThan(0);
    expect(mostHeld).toBeLessThanOrEqual(KV_CACHE_POSITIONS);
  });

  it('preempts nothing when the budget holds every sequence', async () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(loaded()), { ...limits, kvCachePositions: 4 * (7 + 40) });
    const { mostHeld } = await runAll(scheduler);
    expect(scheduler.preemptions.kv_cache_budget).toBe(0);
    // All four ran together at some point: more than the tight budget ever allowed.
    expect(mostHeld).toBeGreaterThan(KV_CACHE_POSITIONS);
  });
});
