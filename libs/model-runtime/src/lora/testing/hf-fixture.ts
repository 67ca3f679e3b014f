import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GptConfig } from '../../model/config';
import { LlamaConfig } from '../../model/llama-config';
import { ModelParams } from '../../model/params';

/**
 * Test-only readers for the committed Hugging Face fixtures (F32/BF16/F16 weights, sharded or not; config.json), used until
 * hf-import's importHfModelDirectory lands on main; then the tests switch to it and this file goes.
 */
export const HF_FIXTURES = join(__dirname, '..', '..', '__fixtures__', 'hf');

export function readFixtureWeights(dir: string): ModelParams {
  const index = join(dir, 'model.safetensors.index.json');
  const files = existsSync(index)
    ? [...new Set(Object.values<string>(JSON.parse(readFileSync(index, 'utf8')).weight_map))]
    : ['model.safetensors'];
  const params: ModelParams = new Map();
  for (const file of files) readWeightsFile(join(dir, file), params);
  return params;
}

/** Widens a 16-bit float (BF16: the top half of an F32; F16: IEEE half) to float32. */
function widen(dtype: string, bits: number): number {
  if (dtype === 'BF16') return new Float32Array(Uint32Array.of(bits << 16).buffer)[0];
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function readWeightsFile(path: string, params: ModelParams): void {
  const bytes = readFileSync(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  for (const [name, entry] of Object.entries<{ dtype: string; data_offsets: [number, number] }>(header)) {
    if (name === '__metadata__') continue;
    const raw = bytes.subarray(8 + headerLength + entry.data_offsets[0], 8 + headerLength + entry.data_offsets[1]);
    if (entry.dtype === 'F32') params.set(name, new Float32Array(Uint8Array.from(raw).buffer));
    else if (entry.dtype === 'BF16' || entry.dtype === 'F16') {
      params.set(name, Float32Array.from({ length: raw.length / 2 }, (_, i) => widen(entry.dtype, raw.readUInt16LE(2 * i))));
    } else throw new Error(`fixture tensor ${name} has dtype ${entry.dtype}`);
  }
}

export function readFixtureJson<T>(dir: string, file: string): T {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
}

export function fixtureLlamaConfig(dir: string): LlamaConfig {
  const c = readFixtureJson<Record<string, any>>(dir, 'config.json');
  const scaling = c.rope_scaling;
  return {
    family: c.model_type,
    vocabSize: c.vocab_size,
    contextLength: c.max_position_embeddings,
    nLayer: c.num_hidden_layers,
    nHead: c.num_attention_heads,
    nKvHead: c.num_key_value_heads ?? c.num_attention_heads,
    hiddenSize: c.hidden_size,
    headDim: c.head_dim ?? c.hidden_size / c.num_attention_heads,
    intermediateSize: c.intermediate_size,
    rmsNormEps: c.rms_norm_eps,
    ropeTheta: c.rope_theta,
    ropeScaling: scaling && {
      type: 'llama3', factor: scaling.factor, lowFreqFactor: scaling.low_freq_factor, highFreqFactor: scaling.high_freq_factor,
      originalMaxPositionEmbeddings: scaling.original_max_position_embeddings,
    },
    attentionBias: c.attention_bias ?? c.model_type === 'qwen2',
    tieEmbeddings: c.tie_word_embeddings ?? false,
  };
}

export function fixtureGptConfig(dir: string): GptConfig {
  const c = readFixtureJson<Record<string, any>>(dir, 'config.json');
  return {
    vocabSize: c.vocab_size, contextLength: c.n_positions, nLayer: c.n_layer, nHead: c.n_head, nEmbd: c.n_embd,
    positional: 'learned', dropout: 0, layerNormEps: c.layer_norm_epsilon, tieEmbeddings: true,
  };
}

/** reference.json's logits: base64 float32 LE, [prompt length, vocab] per prompt. */
export function decodeLogits(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(Uint8Array.from(bytes).buffer);
}
