import { TokenizerFormatError } from './errors';
import { parseTiktokenRanks } from './tiktoken-ranks';

describe('parseTiktokenRanks', () => {
  it('reads "<base64> <rank>" lines into token bytes by rank', () => {
    const ranks = parseTiktokenRanks('IQ== 0\nIg== 1\nIHRoZQ== 2\n');
    expect(ranks.map((bytes) => Buffer.from(bytes as Uint8Array).toString())).toEqual(['!', '"', ' the']);
  });

  it('names the line of a malformed entry', () => {
    expect(() => parseTiktokenRanks('IQ== 0\nnot base64! x\n')).toThrow(new TokenizerFormatError('ranks file line 2: expected "<base64> <rank>", got "not base64! x"'));
  });
});
