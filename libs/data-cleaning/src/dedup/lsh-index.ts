import { PairTable } from '../text/pair-table';
import { estimatedJaccard, MinHasher } from './minhash';

export type NearDuplicateSettings = { shingleWords: number; bands: number; rows: number; minJaccard: number };
export type NearDuplicateMatch = { duplicateOf: string; jaccard: number };

/**
 * Locality-sensitive hashing over MinHash signatures: `bands` bands of `rows` values each. Two documents at Jaccard s
 * share at least one band with probability 1 - (1 - s^rows)^bands (see {@link lshCatchProbability}); a shared band
 * is confirmed by the full signatures' agreement before a document is called a duplicate. Kept documents' signatures
 * stay in memory (4 bytes per permutation each) so later documents can be compared with them.
 */
export class LshIndex {
  private readonly hasher: MinHasher;
  /** Every band's buckets in one table: key (band key's high 32 bits, its low 21 bits + band × 2^21) → document index. */
  private readonly buckets = new PairTable(1024);
  private readonly ids: string[] = [];
  private readonly signatures: Uint32Array[] = [];

  constructor(private readonly settings: NearDuplicateSettings) {
    this.hasher = new MinHasher(settings.bands * settings.rows, settings.shingleWords);
  }

  /** The best confirmed earlier match, or null; a document without a match is added to the index. */
  checkAndAdd(documentId: string, text: string): NearDuplicateMatch | null {
    return this.checkAndAddSignature(documentId, this.hasher.signature(text));
  }

  /** The same, for a signature computed elsewhere (another thread) with the same settings. */
  checkAndAddSignature(documentId: string, signature: Uint32Array): NearDuplicateMatch | null {
    const keys = lshBandKeys(signature, this.settings.bands, this.settings.rows);
    let best: NearDuplicateMatch | null = null;
    const compared: number[] = [];
    for (let band = 0; band < keys.length; band++) {
      const slot = this.bucketSlot(band, keys[band]);
      if (!this.buckets.isSet(slot)) continue;
      const candidate = this.buckets.value(slot);
      if (compared.includes(candidate)) continue;
      compared.push(candidate);
      const jaccard = estimatedJaccard(signature, this.signatures[candidate]);
      if (jaccard >= this.settings.minJaccard && (!best || jaccard > best.jaccard))
        best = { duplicateOf: this.ids[candidate], jaccard: Math.round(jaccard * 1000) / 1000 };
    }
    if (best) return best;
    const index = this.ids.length;
    this.ids.push(documentId);
    this.signatures.push(signature);
    for (let band = 0; band < keys.length; band++) {
      const slot = this.bucketSlot(band, keys[band]);
      if (!this.buckets.isSet(slot)) this.buckets.set(slot, bandHigh(keys[band]), bandLow(band, keys[band]), index);
    }
    return null;
  }

  private bucketSlot(band: number, key: number): number {
    return this.buckets.slot(bandHigh(key), bandLow(band, key));
  }
}

/** A band key is 32 bits times 2^21 plus 21 bits (see {@link lshBandKeys}); the band goes above the low part. */
function bandHigh(key: number): number {
  return Math.floor(key / 2097152);
}

function bandLow(band: number, key: number): number {
  return (key % 2097152) + band * 2097152;
}

/**
 * One number per band, hashed from its rows: numeric keys keep the index small and fast. Two different bands that
 * collide only cost one extra signature comparison, which rejects them. Shared with the sharded run's band partitions,
 * whose buckets must be the index's.
 */
export function lshBandKeys(signature: Uint32Array, bands: number, rows: number): number[] {
  const keys: number[] = new Array(bands);
  for (let band = 0; band < bands; band++) {
    let high = 0x811c9dc5;
    let low = 0x01000193;
    for (let r = 0; r < rows; r++) {
      const value = signature[band * rows + r];
      high = Math.imul(high ^ value, 0x01000193);
      low = Math.imul(low ^ value, 0x85ebca6b) ^ (low >>> 13);
    }
    keys[band] = (high >>> 0) * 2097152 + ((low >>> 0) & 0x1fffff);
  }
  return keys;
}

/** Probability that LSH with these bands and rows puts two documents at Jaccard `similarity` in a shared bucket. */
export function lshCatchProbability(similarity: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(similarity, rows), bands);
}

/**
 * The S-curve at a few similarities, for reports and docs. datatrove's 14×8 catches a pair at 0.8 92% of the time;
 * the default here, 20×5 (100 permutations, fewer than 112), catches it 99.96% of the time and 0.7 97%, and the
 * signature check then drops the extra low-similarity candidates.
 */
export function lshCurve(bands: number, rows: number): { jaccard: number; probability: number }[] {
  return [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95].map((jaccard) => ({
    jaccard,
    probability: Math.round(lshCatchProbability(jaccard, bands, rows) * 10_000) / 10_000,
  }));
}
