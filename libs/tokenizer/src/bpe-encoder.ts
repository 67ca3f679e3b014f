import { PieceCache } from './piece-cache';
import { hashRange, PieceTable } from './piece-table';
import type { PreTokenizer } from './pre-tokenizer';

/** What the encoder needs from a BPE model: byte-level (BpeModel) or SentencePiece-style (CharBpeModel). */
export interface PieceModel {
  /** asciiIds[c]: the ids of a piece that is the single ASCII character c. */
  readonly asciiIds: Int32Array;
  /** Pieces (as text) that are a token as a whole and skip merging (ignore_merges), or null. */
  readonly wholePieceIds: ReadonlyMap<string, number> | null;
  encodePiece(text: string, start: number, end: number): Int32Array;
}

/** Pieces longer than this (in UTF-16 units) are not memoised: they rarely repeat and would crowd the cache. */
const MAX_CACHED_PIECE_LENGTH = 64;
const CACHE_GENERATION_SIZE = 65_536;
const PIECES_PER_SPLIT = 4096;

/**
 * Turns ordinary text (no special tokens) into token ids: pre-tokenize, then BPE per piece, with the result of
 * each piece memoised because natural text repeats the same words over and over.
 */
export class BpeEncoder {
  private readonly cache = new PieceCache<number | Int32Array>(CACHE_GENERATION_SIZE);
  private readonly wholePieces: PieceTable<number> | null;
  private readonly ends = new Int32Array(PIECES_PER_SPLIT);

  constructor(
    private readonly model: PieceModel,
    private readonly preTokenizer: PreTokenizer,
  ) {
    this.wholePieces = model.wholePieceIds === null ? null : PieceTable.fromMap(model.wholePieceIds);
  }

  /**
   * Encodes text[start, end), appending ids to out (or only counting them when out is null); returns the count.
   */
  encode(text: string, start: number, end: number, out: number[] | null): number {
    const ends = this.ends;
    const asciiIds = this.model.asciiIds;
    let produced = 0;
    let pos = start;
    while (pos < end) {
      const pieceCount = this.preTokenizer.split(text, pos, end, ends);
      for (let k = 0; k < pieceCount; k++) {
        const pieceEnd = ends[k];
        const code = pieceEnd - pos === 1 ? text.charCodeAt(pos) : 0x80;
        if (code < 0x80 && asciiIds[code] >= 0) {
          if (out !== null) out.push(asciiIds[code]);
          produced++;
        } else {
          const ids = this.encodePiece(text, pos, pieceEnd);
          if (typeof ids === 'number') {
            if (out !== null) out.push(ids);
            produced++;
          } else {
            if (out !== null) for (let i = 0; i < ids.length; i++) out.push(ids[i]);
            produced += ids.length;
          }
        }
        pos = pieceEnd;
      }
    }
    return produced;
  }

  private encodePiece(text: string, start: number, end: number): number | Int32Array {
    const hash = hashRange(text, start, end);
    const whole = this.wholePieces?.get(text, start, end, hash);
    if (whole !== undefined) return whole;
    const cacheable = end - start <= MAX_CACHED_PIECE_LENGTH;
    if (cacheable) {
      const cached = this.cache.get(text, start, end, hash);
      if (cached !== undefined) return cached;
    }
    const ids = this.model.encodePiece(text, start, end);
    const result = ids.length === 1 ? ids[0] : ids;
    if (cacheable) this.cache.set(text.slice(start, end), hash, result);
    return result;
  }
}
