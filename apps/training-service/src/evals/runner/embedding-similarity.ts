import { cosineSimilarity } from '../metrics/cosine-similarity';
import { EvalEmbedder } from './eval-models';

/** Two texts' token ids, embedded together (one onnxruntime run) and compared by the cosine of their mean-pooled embeddings. */
export async function embeddingCosine(model: EvalEmbedder, input: readonly number[], reference: readonly number[]): Promise<number> {
  const [a, b] = await model.embedder.embed([input, reference]);
  return cosineSimilarity(a, b);
}
