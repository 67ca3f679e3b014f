import { Embeddings } from './embeddings.service';

/** float32 little-endian bytes, base64: OpenAI's encoding_format "base64" (what its clients ask for by default). */
const base64Of = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');

/** OpenAI's embeddings response body. */
export function embeddingsResponse(result: Embeddings, encodingFormat: string | null | undefined) {
  const base64 = encodingFormat === 'base64';
  return {
    object: 'list',
    data: result.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? base64Of(vector) : Array.from(vector) })),
    model: result.model,
    usage: { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens },
  };
}
