import { InvalidInputError, TokenIdOutOfRangeError } from '../errors';
import { CharVocabulary } from './char-vocabulary';

describe('CharVocabulary', () => {
  const vocabulary = CharVocabulary.fromText('hello world\n');

  it('holds the sorted distinct characters and round-trips text', () => {
    expect(vocabulary.chars.join('')).toBe('\n dehlorw');
    expect(vocabulary.decode(vocabulary.encode('hello'))).toBe('hello');
    expect(Array.from(vocabulary.encode('eh'))).toEqual([3, 4]);
  });

  it('names unknown characters and out-of-range ids', () => {
    expect(() => vocabulary.encode('hex')).toThrow(InvalidInputError);
    expect(() => vocabulary.encode('hex')).toThrow(/"x"/);
    expect(() => vocabulary.decode([99])).toThrow(TokenIdOutOfRangeError);
  });
});
