import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { wholeSequenceLogits } from '../testing/whole-sequence-logits';
import { argmax } from '../sampling/token-sampler';
import { TokenConstraint } from '../sampling/token-constraint';
import { BatchedDecoder } from './batched-decoder';
import { TokenEvent } from './generation-options';

const config = tinyConfig({ contextLength: 32 });
let model: InferenceModel;
let remove: () => void;

beforeAll(async () => {
  const fixture = temporaryDirectory();
  remove = fixture.remove;
  exportTestModel(fixture.dir, config, randomParams(config, 8));
  model = await InferenceModel.load(fixture.dir);
});
afterAll(async () => {
  await sessionCache.clear();
  remove();
});

/** Allows only ids ≡ `residue` (mod 3), and records the budgets it was asked with and the tokens it was told. */
function residueConstraint(residue: number) {
  const budgets: number[] = [];
  const accepted: number[] = [];
  const mask = Uint8Array.from({ length: config.vocabSize }, (_, id) => (id % 3 === residue ? 1 : 0));
  const constraint: TokenConstraint = {
    allowedTokens: (remaining) => {
      budgets.push(remaining);
      return mask;
    },
    accept: (token) => accepted.push(token),
  };
  return { constraint, budgets, accepted };
}

async function runAll(decoder: BatchedDecoder, requests: Parameters<BatchedDecoder['addSequences']>[0]): Promise<TokenEvent[][]> {
  const events: TokenEvent[][] = requests.map(() => []);
  const rows = new Map<number, number>();
  (await decoder.addSequences(requests)).forEach((event, row) => {
    rows.set(event.sequenceId, row);
    events[row].push({ ...event, logits: event.logits.slice() });
  });
  while (decoder.activeCount > 0) for (const event of await decoder.step()) events[rows.get(event.sequenceId) as number].push({ ...event, logits: event.logits.slice() });
  return events;
}

describe('BatchedDecoder with a token constraint', () => {
  it('draws a constrained row only from allowed tokens, leaves the unconstrained row alone, and reports raw logits', async () => {
    const limited = residueConstraint(1);
    const decoder = new BatchedDecoder(model);
    const [constrained, free] = await runAll(decoder, [
      { prompt: [3, 4, 5], maxNewTokens: 6, constraint: limited.constraint },
      { prompt: [3, 4, 5], maxNewTokens: 6 },
    ]);
    const tokens = constrained.map((e) => e.token);
    expect(tokens.every((t) => t % 3 === 1)).toBe(true);
    expect(limited.accepted).toEqual(tokens);
    // Asked with what is left of max_new_tokens, this draw included.
    expect(limited.budgets).toEqual([6, 5, 4, 3, 2, 1]);
    // Greedy under the mask is the best allowed token of the model's own logits, which the event carries unmasked.
    const ids = [3, 4, 5, ...tokens];
    const logits = await wholeSequenceLogits(model, [ids]);
    const vocab = config.vocabSize;
    tokens.forEach((token, i) => {
      const row = logits.subarray((2 + i) * vocab, (3 + i) * vocab);
      const allowed = Float32Array.from(row, (v, id) => (id % 3 === 1 ? v : -Infinity));
      expect(token).toBe(argmax(allowed));
      expect(Array.from(constrained[i].logits)).toEqual(Array.from(row).map((v) => expect.closeTo(v, 4)));
    });
    const alone = await runAll(new BatchedDecoder(model), [{ prompt: [3, 4, 5], maxNewTokens: 6 }]);
    expect(free.map((e) => e.token)).toEqual(alone[0].map((e) => e.token));
  });
});
