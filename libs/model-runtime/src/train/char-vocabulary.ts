import { InvalidInputError, TokenIdOutOfRangeError } from '../errors';

/** A character-level vocabulary (the sorted distinct characters of a text), as nanoGPT's shakespeare_char uses. */
export class CharVocabulary {
  private readonly ids: Map<string, number>;

  private constructor(readonly chars: string[]) {
    this.ids = new Map(chars.map((c, i) => [c, i]));
  }

  static fromText(text: string): CharVocabulary {
    return new CharVocabulary([...new Set(Array.from(text))].sort());
  }

  get size(): number {
    return this.chars.length;
  }

  encode(text: string): Int32Array {
    return Int32Array.from(Array.from(text), (c) => {
      const id = this.ids.get(c);
      if (id === undefined) throw new InvalidInputError(`character ${JSON.stringify(c)} is not in the vocabulary`);
      return id;
    });
  }

  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (id) => {
      const c = this.chars[id];
      if (c === undefined) throw new TokenIdOutOfRangeError(id, this.size);
      return c;
    }).join('');
  }
}
