import { GptConfig, validateConfig } from '../../model/config';

/** Token ids a model directory records for generation. */
export interface SpecialTokenIds {
  bosTokenId: number;
  eosTokenId: number;
}

/**
 * config.json in the shape Hugging Face `transformers` and transformers.js read as GPT-2
 * (model_type "gpt2" maps n_head / n_layer / n_embd to their normalized names). GPT-2 itself has
 * learned positions only, so the positional kind travels in a namespaced extra field that other
 * tools ignore; the exported ONNX graph carries the encoding either way.
 */
export interface HfGpt2Config {
  model_type: 'gpt2';
  architectures: ['GPT2LMHeadModel'];
  vocab_size: number;
  n_positions: number;
  n_ctx: number;
  n_embd: number;
  n_head: number;
  n_layer: number;
  n_inner: number;
  activation_function: 'gelu_new';
  layer_norm_epsilon: number;
  tie_word_embeddings: true;
  use_cache: true;
  bos_token_id: number;
  eos_token_id: number;
  llmchain_positional: GptConfig['positional'];
}

export interface HfGenerationConfig {
  bos_token_id: number;
  eos_token_id: number;
  pad_token_id: number;
  max_length: number;
  do_sample: false;
}

export function toHfConfig(config: GptConfig, tokens: SpecialTokenIds): HfGpt2Config {
  return {
    model_type: 'gpt2',
    architectures: ['GPT2LMHeadModel'],
    vocab_size: config.vocabSize,
    n_positions: config.contextLength,
    n_ctx: config.contextLength,
    n_embd: config.nEmbd,
    n_head: config.nHead,
    n_layer: config.nLayer,
    n_inner: 4 * config.nEmbd,
    activation_function: 'gelu_new',
    layer_norm_epsilon: config.layerNormEps,
    tie_word_embeddings: true,
    use_cache: true,
    bos_token_id: tokens.bosTokenId,
    eos_token_id: tokens.eosTokenId,
    llmchain_positional: config.positional,
  };
}

export function toHfGenerationConfig(config: GptConfig, tokens: SpecialTokenIds): HfGenerationConfig {
  return {
    bos_token_id: tokens.bosTokenId,
    eos_token_id: tokens.eosTokenId,
    // GPT-2 has no pad token; batched generation pads with eos and masks it out.
    pad_token_id: tokens.eosTokenId,
    max_length: config.contextLength,
    do_sample: false,
  };
}

/** Reads back what inference needs; throws a message naming the first missing or malformed field. */
export function fromHfConfig(json: unknown): { config: GptConfig; tokens: SpecialTokenIds } {
  if (typeof json !== 'object' || json === null) throw new Error('config.json is not a JSON object');
  const record = json as Record<string, unknown>;
  const integer = (field: string): number => {
    const value = record[field];
    if (!Number.isInteger(value)) throw new Error(`config.json field ${field} is missing or not an integer`);
    return value as number;
  };
  if (record.model_type !== 'gpt2') throw new Error(`config.json model_type is ${String(record.model_type)}, expected gpt2`);
  const positional = record.llmchain_positional ?? 'learned';
  if (positional !== 'learned' && positional !== 'sinusoidal') {
    throw new Error(`config.json field llmchain_positional is ${String(positional)}`);
  }
  const eps = record.layer_norm_epsilon ?? 1e-5;
  if (typeof eps !== 'number') throw new Error('config.json field layer_norm_epsilon is not a number');
  const config: GptConfig = {
    vocabSize: integer('vocab_size'),
    contextLength: integer('n_positions'),
    nLayer: integer('n_layer'),
    nHead: integer('n_head'),
    nEmbd: integer('n_embd'),
    positional,
    dropout: 0,
    layerNormEps: eps,
    tieEmbeddings: true,
  };
  validateConfig(config);
  return { config, tokens: { bosTokenId: integer('bos_token_id'), eosTokenId: integer('eos_token_id') } };
}
