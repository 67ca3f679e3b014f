import { BatchedDecoder, exportModelDirectory, GptConfig, InferenceModel, initParams, sessionCache, TokenEvent } from '@llmchain/model-runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BackgroundLane } from './background-lane';
import { BatchScheduler, QueueFullError, SchedulerLimits } from './batch-scheduler';
import { TenantShare } from './tenant-fair-queue';

/** One tenant throughout: these tests are about the background lane, not the fair queue. */
const SHARE: TenantShare = { tenantId: 'tenant', weight: 1, maxSequences: 64 };

const config: GptConfig = { vocabSize: 64, contextLength: 64, nLayer: 1, nHead: 2, nEmbd: 16, positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true };
const limits: SchedulerLimits = { maxBatchSize: 1, maxQueuedRequests: 1, maxQueuedTokens: 1000, prefillTokensPerStep: 64, joinEverySteps: 1 };

/** The Batch API's background lane: its sequences reach the scheduler only from spare capacity, outside its queue's bounds. */
describe('BackgroundLane', () => {
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

  /** A listener recording the order sequences end in; `started` on the first token, `ended` at the end or a failure. */
  function recorder() {
    const order: string[] = [];
    const listener = (name: string) => {
      let end!: (how: string) => void;
      let start!: () => void;
      const ended = new Promise<string>((resolve) => (end = resolve));
      const started = new Promise<void>((resolve) => (start = resolve));
      return {
        ended,
        started,
        onToken: (event: TokenEvent) => {
          start();
          if (!event.finishReason) return;
          order.push(name);
          end(event.finishReason);
        },
        onError: (error: Error) => end(`error: ${error.message}`),
      };
    };
    return { order, listener };
  }

  it('runs an interactive request that arrives later before a background one waiting for room', async () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), limits);
    const lane = new BackgroundLane(scheduler, limits.maxBatchSize);
    const { order, listener } = recorder();
    const first = listener('interactive 1');
    const background = listener('background');
    const second = listener('interactive 2');
    scheduler.submit(request(8), first, SHARE);
    await first.started;
    lane.submit(request(3), background, SHARE);
    scheduler.submit(request(3), second, SHARE);
    await Promise.all([first.ended, background.ended, second.ended]);
    // Handed to the scheduler at once, the background sequence would have taken the queue's one place before it.
    expect(order).toEqual(['interactive 1', 'interactive 2', 'background']);
  });

  it('keeps waiting background sequences out of the interactive queue bounds, and cancels or aborts them', async () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), limits);
    const lane = new BackgroundLane(scheduler, limits.maxBatchSize);
    const { listener } = recorder();
    const running = listener('running');
    scheduler.submit(request(30), running, SHARE);
    await running.started;
    const backgrounds = [1, 2, 3].map((i) => listener(`background ${i}`));
    const handles = backgrounds.map((b) => lane.submit(request(4), b, SHARE));
    scheduler.submit(request(2), listener('queued'), SHARE);
    expect(() => scheduler.submit(request(2), listener('one too many'), SHARE)).toThrow(QueueFullError);
    handles[0].cancel();
    lane.abortAll(new Error('stopping'));
    expect(await Promise.all(backgrounds.slice(1).map((b) => b.ended))).toEqual(['error: stopping', 'error: stopping']);
    scheduler.abortAll(new Error('stopping'));
    expect(await running.ended).toBe('error: stopping');
  });
});
