import { BatchedDecoder, generate, TokenEvent } from '@llmchain/model-runtime';
import { Worker } from 'node:worker_threads';
import { BatchScheduler, SchedulerLimits } from './batch-scheduler';
import { TenantShare } from './tenant-fair-queue';
import { gptConfig, randomGptModel } from './testing/random-gpt-model';

const tenant: TenantShare = { tenantId: 'tenant-a', weight: 1, maxSequences: 64 };
const limits: SchedulerLimits = { maxBatchSize: 16, maxQueuedRequests: 64, maxQueuedTokens: 100_000, prefillTokensPerStep: 512, joinEverySteps: 2 };
const prompt = (i: number) => Array.from({ length: 12 }, (_, j) => (i * 37 + j * 11) % 250);

interface Outcome {
  tokens: number[];
  end: string;
}

/** Submits a stream; resolves with the tokens it was handed and how it ended (its finish reason or its error). */
function stream(scheduler: BatchScheduler, i: number, maxNewTokens: number, onToken?: (count: number) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const tokens: number[] = [];
    scheduler.submit(
      { prompt: prompt(i), maxNewTokens },
      {
        onToken: (event: TokenEvent) => {
          tokens.push(event.token);
          onToken?.(tokens.length);
          if (event.finishReason) resolve({ tokens, end: event.finishReason });
        },
        onError: (error) => resolve({ tokens, end: `${error.name}: ${error.message}` }),
      },
      tenant,
    );
  });
}

describe('BatchScheduler on a model thread that crashes', () => {
  // Big enough that a decode step takes a while, so the thread dies with runs in flight.
  const loaded = randomGptModel(gptConfig({ vocabSize: 256, contextLength: 256, nLayer: 4, nHead: 4, nEmbd: 128 }), 3, { thread: 'worker' });

  it('fails every running stream with a clear error after the tokens it was handed, then serves new ones exactly', async () => {
    const model = loaded();
    // The batch is held (as metering that must catch up holds it) from the first stream's 20th token on: the step in
    // flight then ends and no next one starts, and the thread dies between runs. Terminated in the middle of an
    // onnxruntime run, a worker thread can abort the whole process (onnxruntime-node), which is not what is tested.
    let held: Promise<void> | undefined;
    let release = () => undefined as void;
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), { ...limits, beforeStep: () => held });
    // What a crash of the model's thread looks like from here.
    const thread = (model as unknown as { runner: { started: Promise<{ worker: Worker }> } }).runner.started;
    let killed: Promise<void> | undefined;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        stream(scheduler, i, 200, (count) => {
          if (i !== 0) return;
          if (count === 20) held = new Promise<void>((resolve) => (release = resolve));
          // The step that was in flight at the 20th token has been handed out, and none follows until released.
          if (count === 21) killed = thread.then(({ worker }) => worker.terminate()).then(() => ((held = undefined), release()));
        }),
      ),
    );
    await killed;
    for (const outcome of outcomes) {
      expect(outcome.end).toMatch(/^ModelThreadError: the model's thread failed: /);
    }
    // What each was handed is what the model generates for it: nothing lost, repeated or made up before the cut.
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.tokens.length).toBeGreaterThan(0);
      expect(outcome.tokens).toEqual((await generate(model, prompt(i), { maxNewTokens: outcome.tokens.length })).tokens);
    }
    expect(outcomes[0].tokens.length).toBeGreaterThanOrEqual(21);
    expect(outcomes[0].tokens.length).toBeLessThan(200);
    expect(scheduler.batchSize).toBe(0);

    // The next requests start a new thread and get what the model generates.
    const after = await Promise.all([stream(scheduler, 20, 30), stream(scheduler, 21, 30)]);
    expect(after.map((o) => o.end)).toEqual(['length', 'length']);
    expect(after[0].tokens).toEqual((await generate(model, prompt(20), { maxNewTokens: 30 })).tokens);
    expect(after[1].tokens).toEqual((await generate(model, prompt(21), { maxNewTokens: 30 })).tokens);
  });
});
