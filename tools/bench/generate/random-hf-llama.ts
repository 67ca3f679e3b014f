import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { fromHfLlamaConfig, llamaParamShapes, TokenizerFiles } from '../../../libs/model-runtime/src';
import { Rng } from '../../../libs/model-runtime/src/model/rng';

/** Qwen2.5-0.5B's config.json (hidden 896, 24 layers, 14 query / 2 key-value heads, vocab 151936, tied). */
export const QWEN2_5_0_5B = {
  architectures: ['Qwen2ForCausalLM'],
  model_type: 'qwen2',
  hidden_size: 896,
  intermediate_size: 4864,
  num_hidden_layers: 24,
  num_attention_heads: 14,
  num_key_value_heads: 2,
  max_position_embeddings: 32768,
  rope_theta: 1000000.0,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: true,
  use_sliding_window: false,
  sliding_window: 32768,
  vocab_size: 151936,
  bos_token_id: 151643,
  eos_token_id: 151645,
  torch_dtype: 'bfloat16',
};

const CHUNK = 1 << 20;
const WEIGHT_STD = 0.02;

/** float32 → bfloat16 bits, rounded to nearest even, as PyTorch converts. */
function toBf16(value: number, scratch: Float32Array, bits: Uint32Array): number {
  scratch[0] = value;
  const word = bits[0];
  return ((word + 0x7fff + ((word >> 16) & 1)) >>> 16) & 0xffff;
}

/**
 * Writes a Hugging Face directory of the given Qwen2/Llama config with random BF16 weights (norm gains 1, others
 * uniform with std 0.02), tensor by tensor in chunks, so a 0.5B-parameter checkpoint never sits in memory.
 */
export function writeRandomHfLlama(dir: string, config: Record<string, unknown>, tokenizer: TokenizerFiles, seed: number): void {
  mkdirSync(dir, { recursive: true });
  const shapes = llamaParamShapes(fromHfLlamaConfig(config, 'qwen2'));
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, shape] of shapes) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 2;
    header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(headerBytes.byteLength));
  const fd = openSync(path.join(dir, 'model.safetensors'), 'w');
  try {
    writeSync(fd, length);
    writeSync(fd, headerBytes);
    const rng = new Rng(seed);
    const scratch = new Float32Array(1);
    const bits = new Uint32Array(scratch.buffer);
    const halfWidth = WEIGHT_STD * Math.sqrt(3);
    const chunk = new Uint16Array(CHUNK);
    for (const [name, shape] of shapes) {
      const gain = name.endsWith('norm.weight');
      let remaining = shape.reduce((a, b) => a * b, 1);
      while (remaining > 0) {
        const count = Math.min(CHUNK, remaining);
        for (let i = 0; i < count; i++) chunk[i] = toBf16(gain ? 1 : (rng.next() * 2 - 1) * halfWidth, scratch, bits);
        writeSync(fd, new Uint8Array(chunk.buffer, 0, count * 2));
        remaining -= count;
      }
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileSync(path.join(dir, 'generation_config.json'), JSON.stringify({ bos_token_id: config.bos_token_id, eos_token_id: config.eos_token_id }));
  writeFileSync(path.join(dir, 'tokenizer.json'), tokenizer.tokenizerJson);
  writeFileSync(path.join(dir, 'tokenizer_config.json'), tokenizer.tokenizerConfigJson);
}
