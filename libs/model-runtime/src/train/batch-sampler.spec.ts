import { TrainingConfigError } from '../errors';
import { BatchSampler } from './batch-sampler';

const tokens = Int32Array.from({ length: 50 }, (_, i) => i);

describe('BatchSampler', () => {
  it('draws windows whose targets are the inputs shifted by one token', () => {
    const batch = BatchSampler.fresh(tokens, 3, 5, 1).next();
    for (let row = 0; row < 3; row++) {
      const start = Number(batch.inputIds[row * 5]);
      for (let t = 0; t < 5; t++) {
        expect(batch.inputIds[row * 5 + t]).toBe(BigInt(start + t));
        expect(batch.targets[row * 5 + t]).toBe(BigInt(start + t + 1));
      }
    }
  });

  it('continues identically from a saved state, and counts batches in its cursor', () => {
    const straight = BatchSampler.fresh(tokens, 2, 4, 9);
    straight.next();
    const state = straight.state();
    expect(state.cursor).toBe(1);
    const resumed = new BatchSampler(tokens, 2, 4, state);
    expect(resumed.next()).toEqual(straight.next());
  });

  it('carries the loss weight of each target token beside it', () => {
    const weights = Float32Array.from(tokens, (id) => (id % 3 === 0 ? 0 : 1));
    const batch = new BatchSampler(tokens, 3, 5, { rngState: 4, cursor: 0 }, weights).next();
    batch.targets.forEach((target, i) => expect(batch.weights![i]).toBe(Number(target) % 3 === 0 ? 0 : 1));
    expect(BatchSampler.fresh(tokens, 3, 5, 4).next().weights).toBeUndefined();
  });

  it('rejects loss weights that do not match the tokens or are negative', () => {
    expect(() => new BatchSampler(tokens, 1, 4, { rngState: 1, cursor: 0 }, new Float32Array(49))).toThrow(/49 entries for 50 tokens/);
    expect(() => new BatchSampler(tokens, 1, 4, { rngState: 1, cursor: 0 }, new Float32Array(50).fill(-1))).toThrow(/non-negative/);
  });

  it('rejects data shorter than one window', () => {
    expect(() => BatchSampler.fresh(Int32Array.of(1, 2), 1, 4, 1)).toThrow(TrainingConfigError);
  });
});
