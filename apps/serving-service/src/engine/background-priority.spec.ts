import { BatchedDecoder, exportModelDirectory, GptConfig, InferenceModel, initParams, sessionCache, TokenEvent } from '@llmchain/model-runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BatchScheduler, QueueFullError, SchedulerLimits } from './batch-scheduler';

const config: GptConfig = { vocabSize: 64, contextLength: 64, nLayer: 1, nHead: 2, nEmbd: 16, positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true };
const limits: SchedulerLimits = { maxBatchSize: 1, maxQueuedRequests: 1, maxQueuedTokens: 1000, prefillTokensPerStep: 64, joinEverySteps: 1 };

/** The Batch API's background class: served from spare capacity only, outside the interactive queue's bounds. */
describe('BatchScheduler background priority', () => {
  let dir: string;
  let model: InferenceModel;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'serving-background-'));
    exportModelDirectory(dir, { config, params: initParams(config, 3), tokens: { bosTokenId: 63, eosTokenId: 63 } });
    model = await InferenceModel.load(dir);
  });
  afterAll(async () => {
    await sessionCache.clear();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = (maxNewTokens: number) => ({ prompt: [1, 2, 3], maxNewTokens, eosTokenIds: [] });

  /** Records the order sequences end in; `ended` resolves with a sequence's end (or its error). */
  function recorder() {
    const order: string[] = [];
    const listener = (name: string) => {
      let resolve!: (how: string) => void;
      const ended = new Promise<string>((r) => (resolve = r));
      return {
        ended,
        onToken: (event: TokenEvent) => {
          if (!event.finishReason) return;
          order.push(name);
          resolve(event.finishReason);
        },
        onError: (error: Error) => resolve(`error: ${error.message}`),
      };
    };
    return { order, listener };
  }

  it('runs a waiting interactive request before a background one queued earlier', async () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), limits);
    const { order, listener } = recorder();
    const first = listener('interactive 1');
    const background = listener('background');
    const second = listener('interactive 2');
    scheduler.submit(request(6), first);
    scheduler.submit(request(3), background, 'background');
    scheduler.submit(request(3), second);
    await Promise.all([first.ended, background.ended, second.ended]);
    expect(order).toEqual(['interactive 1', 'interactive 2', 'background']);
  });

  it('keeps background sequences out of the interactive queue bounds, and cancels or aborts them like any other', async () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), limits);
    const { listener } = recorder();
    const running = listener('running');
    scheduler.submit(request(20), running);
    const backgrounds = [1, 2, 3].map((i) => listener(`background ${i}`));
    const handles = backgrounds.map((b) => scheduler.submit(request(4), b, 'background'));
    scheduler.submit(request(2), listener('queued'));
    expect(() => scheduler.submit(request(2), listener('one too many'))).toThrow(QueueFullError);
    handles[0].cancel();
    scheduler.abortAll(new Error('stopping'));
    expect(await Promise.all(backgrounds.slice(1).map((b) => b.ended))).toEqual(['error: stopping', 'error: stopping']);
    expect(scheduler.queueDepth).toBe(0);
  });
});
