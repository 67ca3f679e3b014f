import { bytesToTokenString } from './byte-unicode';
import { TokenizerFormatError } from './errors';
import { MergeTable } from './merge-table';
import { PairTable } from './pair-table';
import { encodeUtf8Into } from './utf8';


/**
 * The BPE model proper: byte sequences of the vocabulary and the merge priorities between adjacent tokens.
 *
 * Two flavours share one merge loop:
 * - "merges": an explicit ordered merge list (Hugging Face tokenizer.json, and what trainBpe learns). Only
 *   listed pairs merge; the priority is the merge's position in the list.
 * - "ranks": tiktoken's mergeable ranks. Any two adjacent tokens whose concatenation is a token merge, the one
 *   with the lowest rank first, and a piece that is itself a token is that token (tiktoken's shortcut).
 */
export class BpeModel {
  /** tokenBytes[id] is the byte sequence of token id (undefined for ids that are not ordinary tokens). */
  readonly tokenBytes: ReadonlyArray<Uint8Array | undefined>;
  readonly byteToId: Int32Array;
  /** Token id of each byte-level token string (Hugging Face vocabulary keys). */
  readonly idOfTokenString: ReadonlyMap<string, number>;
  /** Pieces (as text) that encode to a single token without merging; only filled for tiktoken-style ranks. */
  readonly wholePieceIds: ReadonlyMap<string, number> | null;
  private readonly mergeTable: MergeTable;
  private readonly mergeList: Int32Array | null;
  private utf8 = new Uint8Array(256);

  private constructor(
    tokenBytes: ReadonlyArray<Uint8Array | undefined>,
    idOfTokenString: Map<string, number>,
    pairRanks: PairTable,
    rankToMergedId: Int32Array,
    mergeList: Int32Array | null,
    wholePieceIds: Map<string, number> | null,
  ) {
    this.tokenBytes = tokenBytes;
    this.idOfTokenString = idOfTokenString;
    this.mergeTable = new MergeTable(pairRanks, rankToMergedId);
    this.mergeList = mergeList;
    this.wholePieceIds = wholePieceIds;
    this.byteToId = new Int32Array(256).fill(-1);
    tokenBytes.forEach((bytes, id) => {
      if (bytes !== undefined && bytes.length === 1) this.byteToId[bytes[0]] = id;
    });
    const missing = this.byteToId.indexOf(-1);
    if (missing >= 0) throw new TokenizerFormatError(`vocabulary has no token for byte 0x${missing.toString(16).padStart(2, '0')}; byte-level BPE needs all 256`);
  }

  /**
   * A model from an ordered merge list; merges[i] = [leftId, rightId] is applied with priority i. With
   * ignoreMerges (Hugging Face's ignore_merges) a piece that is itself a token skips merging.
   */
  static fromMerges(tokenBytes: ReadonlyArray<Uint8Array | undefined>, merges: ReadonlyArray<readonly [number, number]>, ignoreMerges = false): BpeModel {
    const idOfTokenString = indexTokenStrings(tokenBytes);
    const pairRanks = new PairTable(merges.length);
    const rankToMergedId = new Int32Array(merges.length);
    const mergeList = new Int32Array(merges.length * 2);
    merges.forEach(([left, right], rank) => {
      const leftBytes = tokenBytes[left];
      const rightBytes = tokenBytes[right];
      if (leftBytes === undefined || rightBytes === undefined) throw new TokenizerFormatError(`merge ${rank} refers to token ids ${left} and ${right}, which are not both in the vocabulary`);
      const mergedString = bytesToTokenString(leftBytes) + bytesToTokenString(rightBytes);
      const merged = idOfTokenString.get(mergedString);
      if (merged === undefined) throw new TokenizerFormatError(`merge ${rank} produces ${JSON.stringify(mergedString)}, which is not in the vocabulary`);
      pairRanks.setIfAbsent(left, right, rank);
      rankToMergedId[rank] = merged;
      mergeList[rank * 2] = left;
      mergeList[rank * 2 + 1] = right;
    });
    return new BpeModel(tokenBytes, idOfTokenString, pairRanks, rankToMergedId, mergeList, ignoreMerges ? indexWholePieces(tokenBytes) : null);
  }

  /** A model from tiktoken ranks: tokenBytes[rank] is the token whose id and merge priority are both rank. */
  static fromRanks(tokenBytes: ReadonlyArray<Uint8Array | undefined>): BpeModel {
    const idOfTokenString = indexTokenStrings(tokenBytes);
    const pairRanks = new PairTable(tokenBytes.length * 4);
    const rankToMergedId = new Int32Array(tokenBytes.length);
    tokenBytes.forEach((bytes, rank) => {
      if (bytes === undefined) return;
      rankToMergedId[rank] = rank;
      const tokenString = bytesToTokenString(bytes);
      for (let split = 1; split < bytes.length; split++) {
        const left = idOfTokenString.get(tokenString.slice(0, split));
        const right = idOfTokenString.get(tokenString.slice(split));
        if (left !== undefined && right !== undefined) pairRanks.setIfAbsent(left, right, rank);
      }
    });
    return new BpeModel(tokenBytes, idOfTokenString, pairRanks, rankToMergedId, null, indexWholePieces(tokenBytes));
  }

  /** Whether a piece that is itself a token is encoded as that token without merging. */
  get ignoreMerges(): boolean {
    return this.wholePieceIds !== null;
  }

  /**
   * The ordered merge list as [leftId, rightId] pairs. For a rank-based model it is derived the way Hugging Face
   * converts tiktoken files: each token's merge is the last step of encoding its bytes with lower ranks only.
   */
  merges(): Array<[number, number]> {
    if (this.mergeList !== null) {
      const merges: Array<[number, number]> = [];
      for (let i = 0; i < this.mergeList.length; i += 2) merges.push([this.mergeList[i], this.mergeList[i + 1]]);
      return merges;
    }
    const merges: Array<[number, number]> = [];
    this.tokenBytes.forEach((bytes, rank) => {
      if (bytes === undefined || bytes.length < 2) return;
      const parts = this.mergeWithRanksBelow(bytes, rank);
      if (parts.length !== 2) throw new TokenizerFormatError(`token ${rank} cannot be built from two lower-ranked tokens`);
      merges.push([parts[0], parts[1]]);
    });
    return merges;
  }

  /** Token ids of an ASCII character that is a piece on its own (byte-level: the byte's token). */
  get asciiIds(): Int32Array {
    return this.byteToId;
  }

  /** Token ids for one piece, text[start, end), through its UTF-8 bytes. */
  encodePiece(text: string, start: number, end: number): Int32Array {
    const maxBytes = (end - start) * 3;
    if (this.utf8.length < maxBytes) this.utf8 = new Uint8Array(maxBytes * 2);
    return this.encodeBytes(this.utf8, encodeUtf8Into(text, start, end, this.utf8));
  }

  /** Token ids for one piece given as UTF-8 bytes[0, length). */
  encodeBytes(bytes: Uint8Array, length: number): Int32Array {
    if (length === 1) return Int32Array.of(this.byteToId[bytes[0]]);
    const ids = this.mergeTable.symbols(length);
    for (let i = 0; i < length; i++) ids[i] = this.byteToId[bytes[i]];
    return ids.slice(0, this.mergeTable.merge(length));
  }

  /** The token as tokenizer.json spells it (bytes shown through GPT-2's byte-to-unicode map). */
  tokenString(id: number): string | undefined {
    const bytes = this.tokenBytes[id];
    return bytes === undefined ? undefined : bytesToTokenString(bytes);
  }

  /** Encodes bytes using only merges ranked below maxRank (no whole-token shortcut). */
  private mergeWithRanksBelow(bytes: Uint8Array, maxRank: number): number[] {
    const parts = Array.from(bytes, (b) => this.byteToId[b]);
    for (;;) {
      let best = -1;
      let bestRank = maxRank;
      for (let i = 0; i < parts.length - 1; i++) {
        const rank = this.mergeTable.pairRank(parts[i], parts[i + 1]);
        if (rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) return parts;
      parts.splice(best, 2, this.mergeTable.mergedId(bestRank));
    }
  }
}

function indexTokenStrings(tokenBytes: ReadonlyArray<Uint8Array | undefined>): Map<string, number> {
  const idOfTokenString = new Map<string, number>();
  tokenBytes.forEach((bytes, id) => {
    if (bytes === undefined) return;
    const tokenString = bytesToTokenString(bytes);
    if (idOfTokenString.has(tokenString)) throw new TokenizerFormatError(`token ${JSON.stringify(tokenString)} appears twice in the vocabulary (ids ${idOfTokenString.get(tokenString)} and ${id})`);
    idOfTokenString.set(tokenString, id);
  });
  return idOfTokenString;
}

function indexWholePieces(tokenBytes: ReadonlyArray<Uint8Array | undefined>): Map<string, number> {
  const wholePieceIds = new Map<string, number>();
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  tokenBytes.forEach((bytes, id) => {
    if (bytes === undefined) return;
    try {
      wholePieceIds.set(utf8.decode(bytes), id);
    } catch {
      // A partial UTF-8 sequence is never a whole piece of text, so it needs no shortcut.
    }
  });
  return wholePieceIds;
}
