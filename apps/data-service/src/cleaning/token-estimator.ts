import { loadR50kBase, Tokenizer } from '@llmchain/tokenizer';

let r50k: Tokenizer | null = null;

/**
 * Estimated GPT-2 (r50k_base) token counts: the first `sampleBytes` of kept text are really encoded, the rest is
 * extrapolated from the tokens-per-byte seen so far. Encoding everything would cost more than the cleaning itself.
 */
export class SampledTokenEstimator {
  private sampledBytes = 0;
  private sampledTokens = 0;
  private readonly tokenizer: Tokenizer;

  constructor(private readonly sampleBytes = 512 * 1024) {
    r50k ??= loadR50kBase();
    this.tokenizer = r50k;
  }

  estimate(text: string): number {
    const bytes = Buffer.byteLength(text);
    if (this.sampledBytes < this.sampleBytes || this.sampledBytes === 0) {
      const tokens = this.tokenizer.encode(text).length;
      this.sampledBytes += bytes;
      this.sampledTokens += tokens;
      return tokens;
    }
    return (bytes * this.sampledTokens) / this.sampledBytes;
  }
}
