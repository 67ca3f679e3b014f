import { ModelThreadError } from '../errors';
import { InferenceModel } from '../session/inference-model';
import { modelOnBothThreads } from '../testing/model-on-both-threads';
import { tinyConfig } from '../testing/tiny-model';
import { BatchedDecoder } from './batched-decoder';
import { SequenceRequest, TokenEvent } from './generation-options';

// Long enough for a lone sequence to cross the cache's 32-column growth while its steps run ahead.
const config = tinyConfig({ contextLength: 96 });
const models = modelOnBothThreads(config, 11);

const sampled = (i: number, maxNewTokens: number, extra: Partial<SequenceRequest> = {}): SequenceRequest => ({
  prompt: [i + 1, (i * 7) % 40, 5, 9, 2],
  maxNewTokens,
  temperature: 0.8,
  topP: 0.9,
  seed: 100 + i,
  ...extra,
});

/** Each sequence's tokens, by the order it joined. */
class Transcript {
  private readonly bySequence = new Map<number, number[]>();

  record(events: TokenEvent[]): TokenEvent[] {
    for (const event of events) this.bySequence.set(event.sequenceId, [...(this.bySequence.get(event.sequenceId) ?? []), event.token]);
    return events;
  }

  get tokens(): number[][] {
    return [...this.bySequence.values()];
  }
}

/** Steps until no sequence is left, asking for `ahead` steps at a time; how many steps found a run ahead in flight. */
async function finish(decoder: BatchedDecoder, transcript: Transcript, ahead: number): Promise<number> {
  let handedOutAhead = 0;
  while (decoder.activeCount > 0) {
    if (decoder.runningAhead) handedOutAhead++;
    transcript.record(await decoder.step(ahead));
  }
  return handedOutAhead;
}

describe("a lone sequence's steps run ahead on the model's thread", () => {
  it("gives exactly the tokens of single steps on the caller's thread, across joins, leaves and cache growth", async () => {
    const scenario = async (model: InferenceModel, ahead: number) => {
      const decoder = new BatchedDecoder(model);
      const transcript = new Transcript();
      transcript.record(await decoder.addSequences([sampled(0, 70)]));
      let handedOutAhead = 0;
      // Three runs ahead of five steps, all handed out: the batch may change.
      for (let i = 0; i < 15; i++) {
        if (decoder.runningAhead) handedOutAhead++;
        transcript.record(await decoder.step(ahead));
      }
      expect(decoder.runningAhead).toBe(false);
      transcript.record(await decoder.addSequences([sampled(1, 6)]));
      handedOutAhead += await finish(decoder, transcript, ahead);
      return { tokens: transcript.tokens, handedOutAhead };
    };
    const reference = await scenario(models.local, 1);
    const ahead = await scenario(models.threaded, 5);
    expect(ahead.tokens).toEqual(reference.tokens);
    expect(reference.tokens.map((t) => t.length)).toEqual([70, 6]);
    // Most of the lone sequence's steps came from runs ahead (four of every five), none while the second ran beside it.
    expect(ahead.handedOutAhead).toBeGreaterThan(40);
    expect(reference.handedOutAhead).toBe(0);
  });

  it('stops where an end-of-sequence token or a stop sequence ends it, and the next sequence goes on from a consistent cache', async () => {
    const free = await (async () => {
      const decoder = new BatchedDecoder(models.local);
      const transcript = new Transcript();
      transcript.record(await decoder.addSequences([sampled(2, 30)]));
      await finish(decoder, transcript, 1);
      return transcript.tokens[0];
    })();
    // An end token the worker itself sees (it stops there), and a stop sequence only the decoder's thread checks (the
    // worker runs on past it; what it ran is dropped).
    const eos = free[9];
    const letters = (ids: number[]) => ids.map((id) => String.fromCharCode(65 + (id % 26))).join('');
    const stop = letters(free.slice(13, 15));
    const cases: Partial<SequenceRequest>[] = [{ eosTokenIds: [eos] }, { stopSequences: [stop], decode: letters }];
    for (const extra of cases) {
      const run = async (model: InferenceModel, ahead: number) => {
        const decoder = new BatchedDecoder(model);
        const transcript = new Transcript();
        const [first] = transcript.record(await decoder.addSequences([sampled(2, 30, extra)]));
        let last = first;
        while (!last.finishReason) [last] = transcript.record(await decoder.step(ahead));
        transcript.record(await decoder.addSequences([sampled(3, 12)]));
        await finish(decoder, transcript, ahead);
        return { tokens: transcript.tokens, finishReason: last.finishReason };
      };
      const reference = await run(models.local, 1);
      expect(await run(models.threaded, 6)).toEqual(reference);
      expect(reference.tokens[0].length).toBeLessThan(30);
    }
  });

  it('drops what a run ahead computes for a sequence removed in the middle of it', async () => {
    const run = async (model: InferenceModel, ahead: number) => {
      const decoder = new BatchedDecoder(model);
      const transcript = new Transcript();
      const [first] = transcript.record(await decoder.addSequences([sampled(4, 40)]));
      transcript.record(await decoder.step(ahead));
      transcript.record(await decoder.step(ahead));
      const inFlight = decoder.runningAhead;
      decoder.removeSequence(first.sequenceId);
      expect(decoder.runningAhead).toBe(false);
      transcript.record(await decoder.addSequences([sampled(5, 20)]));
      await finish(decoder, transcript, ahead);
      return { tokens: transcript.tokens, inFlight };
    };
    const reference = await run(models.local, 1);
    const ahead = await run(models.threaded, 8);
    expect(ahead.tokens).toEqual(reference.tokens);
    expect(ahead.inFlight).toBe(true);
  });

  it('fails the steps still to come with ModelThreadError when the thread is closed under a run ahead', async () => {
    const own = await InferenceModel.load(models.dir, { thread: 'worker' });
    const decoder = new BatchedDecoder(own);
    await decoder.addSequences([sampled(8, 80)]);
    await decoder.step(60);
    expect(decoder.runningAhead).toBe(true);
    const closed = own.close();
    await expect(decoder.step(60)).rejects.toThrow(ModelThreadError);
    await closed;
  });

  it('refuses a join while steps run ahead for a live sequence are still to be handed out', async () => {
    const decoder = new BatchedDecoder(models.threaded);
    await decoder.addSequences([sampled(6, 20)]);
    await decoder.step(4);
    expect(decoder.runningAhead).toBe(true);
    await expect(decoder.addSequences([sampled(7, 5)])).rejects.toThrow('not all handed out');
    await finish(decoder, new Transcript(), 4);
  });
});
