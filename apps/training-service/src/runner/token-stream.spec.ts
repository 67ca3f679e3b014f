import { splitHeldOut, TokenBuffer } from './token-stream';
import { TrainingJobError } from './training-job';

describe('TokenBuffer', () => {
  it('grows past its initial capacity and keeps every id in order', () => {
    const buffer = new TokenBuffer(1_000_000);
    const chunk = Array.from({ length: 50_000 }, (_, i) => i);
    for (let k = 0; k < 3; k++) expect(buffer.append(chunk)).toBe(true);
    const tokens = buffer.tokens();
    expect(tokens.length).toBe(150_000);
    expect(tokens[0]).toBe(0);
    expect(tokens[50_000 + 49_999]).toBe(49_999);
    expect(tokens[100_001]).toBe(1);
  });

  it('stops at its cap and says what did not fit', () => {
    const buffer = new TokenBuffer(5);
    expect(buffer.append([1, 2, 3])).toBe(true);
    expect(buffer.append([4, 5, 6])).toBe(false);
    expect(buffer.full).toBe(true);
    expect([...buffer.tokens()]).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('splitHeldOut', () => {
  const tokens = Int32Array.from({ length: 1000 }, (_, i) => i);

  it('holds out the last tenth for evaluation', () => {
    const { train, heldOut, evalBatch } = splitHeldOut(tokens, 16, 4);
    expect(train.length).toBe(900);
    expect(heldOut[0]).toBe(900);
    expect(heldOut.length).toBe(100);
    expect(evalBatch).toBe(4);
  });

  it('holds out at least one window and shrinks the evaluation batch to what is there', () => {
    const { train, heldOut, evalBatch } = splitHeldOut(tokens.subarray(0, 100), 16, 8);
    expect(heldOut.length).toBe(17);
    expect(train.length).toBe(83);
    expect(evalBatch).toBe(1);
  });

  it('refuses too few tokens for a training window and a held-out one', () => {
    expect(() => splitHeldOut(tokens.subarray(0, 33), 16, 1)).toThrow(TrainingJobError);
    expect(() => splitHeldOut(tokens.subarray(0, 33), 16, 1)).toThrow(/33 tokens; .* needs at least 34/);
    expect(splitHeldOut(tokens.subarray(0, 34), 16, 1).train.length).toBe(17);
  });
});
