import { CONTAMINATION_NGRAM_WORDS, wordNgramKeys } from './word-ngrams';

/**
 * The word n-grams of an evaluation set (for now: another dataset version), held to tell how many of a document's
 * n-grams occur in it. Bounded: adding past maxNgrams throws, naming the bound, rather than growing without limit.
 */
export class ContaminationIndex {
  private readonly keys = new Set<number>();

  constructor(
    readonly maxNgrams: number,
    readonly ngramWords = CONTAMINATION_NGRAM_WORDS,
  ) {}

  get size(): number {
    return this.keys.size;
  }

  add(text: string): void {
    for (const key of wordNgramKeys(text, this.ngramWords)) {
      this.keys.add(key);
      if (this.keys.size > this.maxNgrams) {
        throw new RangeError(`the evaluation set has more than ${this.maxNgrams} distinct ${this.ngramWords}-grams, the most a contamination check holds`);
      }
    }
  }

  /** How many of the text's distinct n-grams occur in the evaluation set. */
  matches(text: string): number {
    let found = 0;
    for (const key of wordNgramKeys(text, this.ngramWords)) if (this.keys.has(key)) found++;
    return found;
  }

  /** Distinct n-grams this set shares with another. */
  sharedWith(other: ContaminationIndex): number {
    let shared = 0;
    for (const key of this.keys) if (other.keys.has(key)) shared++;
    return shared;
  }
}
