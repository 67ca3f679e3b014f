import { specialTokenIds } from './hf-config';
import { fromHfLlamaConfig } from './hf-llama-config';

const base = {
  architectures: ['LlamaForCausalLM'],
  hidden_size: 64,
  intermediate_size: 128,
  num_attention_heads: 4,
  num_hidden_layers: 2,
  max_position_embeddings: 256,
  vocab_size: 100,
};

describe('fromHfLlamaConfig', () => {
  it("fills in transformers' defaults: kv heads = heads, head_dim = hidden / heads, untied, θ 10000", () => {
    expect(fromHfLlamaConfig(base, 'llama')).toEqual({
      family: 'llama',
      vocabSize: 100,
      contextLength: 256,
      nLayer: 2,
      nHead: 4,
      nKvHead: 4,
      hiddenSize: 64,
      headDim: 16,
      intermediateSize: 128,
      rmsNormEps: 1e-6,
      ropeTheta: 10000,
      ropeScaling: undefined,
      attentionBias: false,
      tieEmbeddings: false,
    });
  });

  it('reads rope_scaling under rope_type or the older type key; default means none', () => {
    expect(fromHfLlamaConfig({ ...base, rope_scaling: { type: 'linear', factor: 2 } }, 'llama').ropeScaling).toEqual({ type: 'linear', factor: 2 });
    expect(fromHfLlamaConfig({ ...base, rope_scaling: { rope_type: 'default' } }, 'llama').ropeScaling).toBeUndefined();
  });

  it('serves a sliding-window model with the window as its context, where the window is narrower', () => {
    expect(fromHfLlamaConfig({ ...base, sliding_window: 128 }, 'mistral').contextLength).toBe(128);
    expect(fromHfLlamaConfig({ ...base, sliding_window: null }, 'mistral').contextLength).toBe(256);
    expect(fromHfLlamaConfig({ ...base, max_position_embeddings: 8192 }, 'mistral').contextLength).toBe(4096);
    expect(fromHfLlamaConfig({ ...base, sliding_window: 128, use_sliding_window: false }, 'qwen2').contextLength).toBe(256);
    expect(fromHfLlamaConfig({ ...base, sliding_window: 128, use_sliding_window: true }, 'qwen2').contextLength).toBe(128);
  });

  it('gives Qwen2 its q/k/v biases', () => {
    expect(fromHfLlamaConfig(base, 'qwen2').attentionBias).toBe(true);
  });

  it('names the field of an odd head layout or an unbounded context', () => {
    expect(() => fromHfLlamaConfig({ ...base, num_attention_heads: 5 }, 'llama')).toThrow(/num_attention_heads must divide hidden_size/);
    expect(() => fromHfLlamaConfig({ ...base, head_dim: 15 }, 'llama')).toThrow(/head_dim must be even/);
    expect(() => fromHfLlamaConfig({ ...base, max_position_embeddings: 2 ** 30 }, 'llama')).toThrow(/max_position_embeddings must be at most/);
  });
});

describe('specialTokenIds', () => {
  it("takes generation_config.json's ids over config.json's, keeps every eos id, and starts from eos without a bos", () => {
    expect(specialTokenIds({ bos_token_id: 1, eos_token_id: 2 }, { eos_token_id: [5, 6] })).toEqual({
      bosTokenId: 1,
      eosTokenId: 5,
      eosTokenIds: [5, 6],
    });
    expect(specialTokenIds({ bos_token_id: null, eos_token_id: 7 })).toEqual({ bosTokenId: 7, eosTokenId: 7 });
    expect(() => specialTokenIds({ eos_token_id: 'x' })).toThrow(/eos_token_id must be a token id/);
  });
});
