import { BatchedDecoder, InferenceModel, SequenceRequest, TokenEvent } from '@llmchain/model-runtime';
import { BatchScheduler, SchedulerLimits } from './batch-scheduler';
import { TenantShare } from './tenant-fair-queue';
import { gptConfig, randomGptModel } from './testing/random-gpt-model';

const limits: SchedulerLimits = { maxBatchSize: 8, maxQueuedRequests: 8, maxQueuedTokens: 10_000, prefillTokensPerStep: 64, joinEverySteps: 4 };
const shareOf = (tenantId: string): TenantShare => ({ tenantId, weight: 1, maxSequences: 8 });
const request = (i: number, maxNewTokens: number): SequenceRequest => ({ prompt: [i + 2, 9, 4, 17], maxNewTokens, temperature: 0.7, seed: 40 + i });

describe("BatchScheduler with a lone sequence's steps run ahead on the model's thread", () => {
  // No end-of-sequence token in the requests: every sequence runs to its max tokens.
  // Wide enough that a step on the model's thread takes about as long as handing a token out here.
  const loaded = randomGptModel(gptConfig({ contextLength: 160, nEmbd: 128, nLayer: 3 }), 21, { thread: 'worker' });
  let model: InferenceModel;
  beforeAll(() => (model = loaded()));

  /**
   * A runs alone; B (another tenant) arrives once A has 10 tokens and C once A has 70 (after B has ended). Each
   * sequence's tokens, and how many tokens A got between B's arrival and B's first token.
   */
  async function scenario(runAheadSteps: number) {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), { ...limits, runAheadSteps });
    const tokens: Record<string, number[]> = { a: [], b: [], c: [] };
    let aTokensWhileBWaited: number | undefined;
    let bArrivedAt: number | undefined;
    const ended: Promise<void>[] = [];
    const submit = (name: string, req: SequenceRequest, onToken: (event: TokenEvent) => void = () => undefined) =>
      ended.push(
        new Promise<void>((resolve, reject) =>
          scheduler.submit(
            req,
            {
              onToken: (event) => {
                tokens[name].push(event.token);
                onToken(event);
                if (event.finishReason) resolve();
              },
              onError: reject,
            },
            shareOf(name),
          ),
        ),
      );
    submit('a', request(0, 120), () => {
      const a = tokens.a.length;
      if (a === 10) {
        bArrivedAt = a;
        submit('b', request(1, 8), () => (aTokensWhileBWaited ??= tokens.a.length - (bArrivedAt as number)));
      }
      if (a === 70) submit('c', request(2, 5));
    });
    while (ended.length < 3) await Promise.all(ended);
    await Promise.all(ended);
    return { tokens, aTokensWhileBWaited };
  }

  it('gives every sequence the tokens it gets one step at a time, and a request arriving mid-run joins after the step in hand', async () => {
    const stepwise = await scenario(1);
    const ahead = await scenario(48);
    expect(ahead.tokens).toEqual(stepwise.tokens);
    expect(ahead.tokens.a).toHaveLength(120);
    // Without the halt B would wait for A's run ahead of 48 steps (begun at its second token) to end: 39 more of A's
    // tokens. With it, only what the model's thread had already computed, and the step in hand, come first.
    expect(ahead.aTokensWhileBWaited).toBeLessThan(15);
  });
});
