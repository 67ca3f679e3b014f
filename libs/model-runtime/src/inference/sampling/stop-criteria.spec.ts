import { InvalidGenerationOptionsError } from '../errors';
import { StopCriteria } from './stop-criteria';

const decode = (ids: number[]) => String.fromCharCode(...ids);
const codes = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

describe('StopCriteria', () => {
  it('stops at max new tokens', () => {
    const stop = new StopCriteria({ maxNewTokens: 3 });
    expect(stop.check([1, 2])).toBeUndefined();
    expect(stop.check([1, 2, 3])).toEqual({ finishReason: 'length' });
  });

  it('stops on an end-of-sequence token', () => {
    const stop = new StopCriteria({ maxNewTokens: 10, eosTokenIds: [0] });
    expect(stop.check([5, 0])).toEqual({ finishReason: 'eos' });
  });

  it('stops on a stop sequence spanning tokens and returns the text before it', () => {
    const stop = new StopCriteria({ maxNewTokens: 50, stopSequences: ['\n\n', 'END'], decode });
    expect(stop.check(codes('hello\n'))).toBeUndefined();
    expect(stop.check(codes('hello\n\nmore'))).toEqual({ finishReason: 'stop', text: 'hello' });
    expect(stop.check(codes('aEND\n\n'))).toEqual({ finishReason: 'stop', text: 'a' });
  });

  it('rejects stop sequences without a decoder and a non-positive budget', () => {
    expect(() => new StopCriteria({ maxNewTokens: 5, stopSequences: ['x'] })).toThrow(InvalidGenerationOptionsError);
    expect(() => new StopCriteria({ maxNewTokens: 0 })).toThrow(/maxNewTokens/);
  });
});
