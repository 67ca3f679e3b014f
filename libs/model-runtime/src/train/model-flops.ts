import { GptConfig } from '../model/config';
import { elementCount, paramShapes } from '../model/params';

/**
 * Training FLOPs per token as in the PaLM paper's MFU and nanoGPT's estimate_mfu: 6N for the forward and backward
 * products of every weight (N excludes position embeddings, which are looked up, not multiplied), plus 12 L H d_k T
 * for the attention score and mixing products.
 */
export function trainingFlopsPerToken(config: GptConfig, seqLen: number): number {
  let n = 0;
  for (const [name, shape] of paramShapes(config)) if (name !== 'wpe.weight') n += elementCount(shape);
  return 6 * n + 12 * config.nLayer * config.nEmbd * seqLen;
}
