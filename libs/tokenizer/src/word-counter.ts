import type { PreTokenizer } from './pre-tokenizer';
import { SpecialTokenMatcher } from './special-tokens';

const PIECES_PER_SPLIT = 4096;

/**
 * Counts pre-tokens ("words") of a corpus fed one document or chunk at a time. Only the distinct words and
 * their counts are kept, so memory grows with the vocabulary of the corpus, not its size. Special tokens in the
 * text are boundaries and are not counted: they are added to the vocabulary whole, never learned.
 */
export class WordCounter {
  readonly counts = new Map<string, number>();
  private readonly ends = new Int32Array(PIECES_PER_SPLIT);
  private readonly specials: SpecialTokenMatcher;
  bytesSeen = 0;

  constructor(
    private readonly preTokenizer: PreTokenizer,
    specialTokens: readonly string[],
  ) {
    this.specials = new SpecialTokenMatcher(specialTokens.map((content, id) => ({ content, id })));
  }

  add(text: string): void {
    this.bytesSeen += Buffer.byteLength(text, 'utf8');
    this.specials.segment(text, (start, end) => this.countRange(text, start, end), () => undefined);
  }

  private countRange(text: string, start: number, end: number): void {
    const { counts, ends } = this;
    let pos = start;
    while (pos < end) {
      const pieceCount = this.preTokenizer.split(text, pos, end, ends);
      for (let k = 0; k < pieceCount; k++) {
        const word = text.slice(pos, ends[k]);
        const count = counts.get(word);
        if (count === undefined) counts.set(detach(word), 1);
        else counts.set(word, count + 1);
        pos = ends[k];
      }
    }
  }
}

/**
 * A copy of word that does not point into the chunk it was sliced from: V8 represents longer slices as views of
 * their parent string, and a map key that is a view would keep the whole chunk (and so the corpus) in memory.
 */
function detach(word: string): string {
  return (' ' + word).slice(1);
}
