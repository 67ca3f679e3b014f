import type { PieceModel } from './bpe-encoder';
import { TokenizerFormatError } from './errors';
import { MergeTable } from './merge-table';
import { PairTable } from './pair-table';

export interface CharBpeOptions {
  /** Id of the unknown token, used for characters with neither a token nor (with byte fallback) byte tokens. */
  readonly unkId: number | null;
  /** Characters without a token become their UTF-8 bytes' <0xNN> tokens (Llama 2, Mistral). */
  readonly byteFallback: boolean;
  /** Consecutive unknown characters become one unknown token. */
  readonly fuseUnk: boolean;
}

const utf8Encoder = new TextEncoder();
const BYTE_TOKEN = /^<0x([0-9A-F]{2})>$/;

/**
 * SentencePiece-style BPE as Hugging Face runs it (Llama 2, Mistral): the symbols a piece starts from are its
 * characters (a character that is no token falls back to its bytes' <0xNN> tokens), and tokens are plain text with
 * "▁" for spaces rather than byte-level strings. The merge loop is the byte-level model's (MergeTable).
 */
export class CharBpeModel implements PieceModel {
  /** tokenBytes[id]: UTF-8 of the token's text, or the one byte of a <0xNN> byte-fallback token. */
  readonly tokenBytes: ReadonlyArray<Uint8Array | undefined>;
  readonly idOfTokenString: ReadonlyMap<string, number>;
  /** -1 for a character that encodes to nothing (no token, no byte fallback, no unk_token). */
  readonly asciiIds = new Int32Array(128);
  readonly wholePieceIds = null;
  private readonly tokenStrings: ReadonlyArray<string | undefined>;
  private readonly byteIds: Int32Array;
  private readonly mergeTable: MergeTable;
  private readonly mergeIds: Array<[number, number]> = [];

  /**
   * vocab: token text -> id (ids of added tokens left out); merges: pairs of token texts in priority order.
   */
  constructor(vocab: ReadonlyMap<string, number>, merges: ReadonlyArray<readonly [string, string]>, private readonly options: CharBpeOptions) {
    const tokenStrings: Array<string | undefined> = [];
    const tokenBytes: Array<Uint8Array | undefined> = [];
    this.byteIds = new Int32Array(256).fill(-1);
    for (const [token, id] of vocab) {
      if (tokenStrings[id] !== undefined) throw new TokenizerFormatError(`tokenizer.json: vocab id ${id} is used twice`);
      tokenStrings[id] = token;
      const byteToken = options.byteFallback ? BYTE_TOKEN.exec(token) : null;
      if (byteToken !== null) {
        const byte = parseInt(byteToken[1], 16);
        this.byteIds[byte] = id;
        tokenBytes[id] = Uint8Array.of(byte);
      } else {
        tokenBytes[id] = utf8Encoder.encode(token);
      }
    }
    if (options.byteFallback) {
      const missing = this.byteIds.indexOf(-1);
      if (missing >= 0) throw new TokenizerFormatError(`tokenizer.json: byte_fallback is set but the vocabulary has no <0x${missing.toString(16).toUpperCase().padStart(2, '0')}> token`);
    }
    this.tokenStrings = tokenStrings;
    this.tokenBytes = tokenBytes;
    this.idOfTokenString = vocab;
    const pairRanks = new PairTable(merges.length);
    const rankToMergedId = new Int32Array(merges.length);
    merges.forEach(([left, right], rank) => {
      const leftId = vocab.get(left);
      const rightId = vocab.get(right);
      const merged = vocab.get(left + right);
      if (leftId === undefined || rightId === undefined || merged === undefined) {
        throw new TokenizerFormatError(`tokenizer.json: merges[${rank}] (${JSON.stringify(left)}, ${JSON.stringify(right)}) uses or produces a token that is not in the vocabulary`);
      }
      pairRanks.setIfAbsent(leftId, rightId, rank);
      rankToMergedId[rank] = merged;
      this.mergeIds.push([leftId, rightId]);
    });
    this.mergeTable = new MergeTable(pairRanks, rankToMergedId);
    for (let c = 0; c < 128; c++) {
      const symbols = this.initialSymbols(String.fromCharCode(c), 0, 1);
      this.asciiIds[c] = symbols.length === 1 ? symbols[0] : -1;
    }
  }

  /** Merges never skip for a whole piece here (ignore_merges is a byte-level option). */
  get ignoreMerges(): boolean {
    return false;
  }

  /** The ordered merge list as [leftId, rightId] pairs. */
  merges(): Array<[number, number]> {
    return this.mergeIds.map(([left, right]) => [left, right]);
  }

  tokenString(id: number): string | undefined {
    return this.tokenStrings[id];
  }

  encodePiece(text: string, start: number, end: number): Int32Array {
    const symbols = this.initialSymbols(text, start, end);
    const count = symbols.length;
    const ids = this.mergeTable.symbols(count);
    ids.set(symbols);
    return ids.slice(0, this.mergeTable.merge(count));
  }

  /**
   * One symbol per character: its token, else its bytes' tokens (byte fallback), else the unknown token; a
   * character with none of these is dropped, as Hugging Face does.
   */
  private initialSymbols(text: string, start: number, end: number): number[] {
    const symbols: number[] = [];
    const { unkId, fuseUnk } = this.options;
    let previousUnknown = false;
    for (let i = start; i < end; ) {
      const code = text.codePointAt(i) as number;
      const width = code > 0xffff ? 2 : 1;
      const char = text.slice(i, i + width);
      i += width;
      const id = this.idOfTokenString.get(char);
      if (id !== undefined) {
        symbols.push(id);
        previousUnknown = false;
      } else if (this.options.byteFallback) {
        for (const byte of utf8Encoder.encode(char)) symbols.push(this.byteIds[byte]);
        previousUnknown = false;
      } else if (unkId !== null) {
        if (!(fuseUnk && previousUnknown)) symbols.push(unkId);
        previousUnknown = true;
      }
    }
    return symbols;
  }
}
