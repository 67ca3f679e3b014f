import { loadR50kBase, Tokenizer } from '@llmchain/tokenizer';

let r50k: Tokenizer | null = null;

const SAMPLE_CHARS_PER_DOCUMENT = 64 * 1024;

/**
 * Loading the vocabulary blocks the thread for about a second and a half: the service does it at boot, before it
 * reports ready, not in the middle of serving requests when the first run starts.
 */
export function loadEstimatorTokenizer(): Tokenizer {
  r50k ??= loadR50kBase();
  return r50k;
}

/**
 * Estimated GPT-2 (r50k_base) token counts: the first `sampleBytes` of kept text are really encoded, the rest is
 * extrapolated from the tokens-per-byte seen so far. Encoding everything would cost more than the cleaning itself.
 */
export class SampledTokenEstimator {
  private sampledBytes = 0;
  private sampledTokens = 0;
  private readonly tokenizer: Tokenizer;

  constructor(private readonly sampleBytes = 512 * 1024) {
    this.tokenizer = loadEstimatorTokenizer();
  }

  estimate(text: string): number {
    const bytes = Buffer.byteLength(text);
    if (this.sampledBytes < this.sampleBytes || this.sampledBytes === 0) {
      // Encoding runs on the service's own thread: one document's sample is capped, the rest of it extrapolated.
      const sample = text.length > SAMPLE_CHARS_PER_DOCUMENT ? text.slice(0, SAMPLE_CHARS_PER_DOCUMENT) : text;
      const sampleBytes = sample === text ? bytes : Buffer.byteLength(sample);
      const tokens = this.tokenizer.encode(sample).length;
      this.sampledBytes += sampleBytes;
      this.sampledTokens += tokens;
      return sample === text ? tokens : (bytes * tokens) / Math.max(1, sampleBytes);
    }
    return (bytes * this.sampledTokens) / this.sampledBytes;
  }
}
