import fc from 'fast-check';
import { BpeModel } from './bpe-model';
import { BASE_VOCAB_BYTE_ORDER } from './byte-unicode';
import { TokenizerFormatError } from './errors';

/** A small merge list over the bytes of "ab" so long random words exercise many merges. */
function toyModel(): BpeModel {
  const tokenBytes: Uint8Array[] = BASE_VOCAB_BYTE_ORDER.map((b) => Uint8Array.of(b));
  const idOf = (text: string) => tokenBytes.findIndex((t) => Buffer.from(t).toString('latin1') === text);
  const merges: Array<[number, number]> = [];
  for (const [left, right] of [['a', 'b'], ['a', 'a'], ['ab', 'ab'], ['b', 'a'], ['aa', 'b'], ['abab', 'a'], ['b', 'b'], ['ba', 'ab'], ['ababa', 'bb']]) {
    merges.push([idOf(left), idOf(right)]);
    tokenBytes.push(Buffer.from(left + right, 'latin1'));
  }
  return BpeModel.fromMerges(tokenBytes, merges);
}

/** Textbook BPE: apply the lowest-ranked adjacent merge, leftmost first, until none applies. */
function referenceEncode(model: BpeModel, bytes: Uint8Array): number[] {
  const merges = model.merges();
  const parts = Array.from(bytes, (b) => model.byteToId[b]);
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const rank = merges.findIndex(([l, r]) => l === parts[i] && r === parts[i + 1]);
      if (rank >= 0 && rank < bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    if (best < 0) return parts;
    parts.splice(best, 2, 256 + bestRank);
  }
}

describe('BpeModel', () => {
  const model = toyModel();

  it('short (array scan) and long (heap) merge loops both match textbook BPE', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0x61, 0x62), { minLength: 1, maxLength: 200 }), (letters) => {
        const bytes = Uint8Array.from(letters);
        expect(Array.from(model.encodeBytes(bytes, bytes.length))).toEqual(referenceEncode(model, bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('exports its merges in priority order', () => {
    expect(model.merges()).toHaveLength(9);
    expect(model.merges()[0]).toEqual([model.byteToId[0x61], model.byteToId[0x62]]);
  });

  it('rejects a merge whose result is not in the vocabulary', () => {
    const tokenBytes = BASE_VOCAB_BYTE_ORDER.map((b) => Uint8Array.of(b));
    expect(() => BpeModel.fromMerges(tokenBytes, [[0, 1]])).toThrow(TokenizerFormatError);
  });

  it('rejects a vocabulary that lacks a byte', () => {
    const tokenBytes: Array<Uint8Array | undefined> = BASE_VOCAB_BYTE_ORDER.map((b) => Uint8Array.of(b));
    tokenBytes[5] = undefined;
    expect(() => BpeModel.fromMerges(tokenBytes, [])).toThrow(/no token for byte 0x26/);
  });

  it('with tiktoken ranks, merges any adjacent pair whose concatenation is a token, lowest rank first', () => {
    const tokenBytes: Uint8Array[] = BASE_VOCAB_BYTE_ORDER.map((b) => Uint8Array.of(b));
    tokenBytes.push(Buffer.from('bc'), Buffer.from('abc'), Buffer.from('ab'));
    const ranks = BpeModel.fromRanks(tokenBytes);
    // "ab" has the worst rank, so "bc" merges first and then "a"+"bc" = "abc".
    expect(Array.from(ranks.encodeBytes(Buffer.from('abc'), 3))).toEqual([257]);
    expect(ranks.merges()).toEqual([
      [ranks.byteToId[0x62], ranks.byteToId[0x63]],
      [ranks.byteToId[0x61], 256],
      [ranks.byteToId[0x61], ranks.byteToId[0x62]],
    ]);
  });
});
