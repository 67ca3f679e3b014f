import { ModelConfigError } from '../errors';

/**
 * Hyper-parameters of a Llama-style decoder (Llama, Qwen2, Mistral): RMSNorm, rotary positions, SwiGLU MLP and
 * grouped-query attention. Field meanings follow Hugging Face `transformers`' LlamaConfig; `fromHfLlamaConfig` maps
 * config.json onto it.
 */
export type LlamaFamily = 'llama' | 'qwen2' | 'mistral';

/** The config's `rope_scaling`, as transformers computes the inverse frequencies for each type. */
export type RopeScaling =
  | { type: 'linear'; factor: number }
  | {
      type: 'llama3';
      factor: number;
      lowFreqFactor: number;
      highFreqFactor: number;
      originalMaxPositionEmbeddings: number;
    };

export interface LlamaConfig {
  family: LlamaFamily;
  vocabSize: number;
  /** max_position_embeddings */
  contextLength: number;
  nLayer: number;
  nHead: number;
  /** num_key_value_heads: nHead / nKvHead query heads share each key/value head. */
  nKvHead: number;
  /** hidden_size */
  hiddenSize: number;
  /** head_dim, hidden_size / nHead unless the config says otherwise. */
  headDim: number;
  intermediateSize: number;
  rmsNormEps: number;
  ropeTheta: number;
  ropeScaling?: RopeScaling;
  /** Biases on q_proj, k_proj and v_proj (Qwen2; Llama's `attention_bias`). */
  attentionBias: boolean;
  /** The LM head is the transposed token embedding (no lm_head.weight). */
  tieEmbeddings: boolean;
}

/**
 * Parameters by Hugging Face name in Hugging Face's layout (nn.Linear: weight [out, in]), in a fixed order. A
 * checkpoint's names map onto these one to one, so import, LoRA targets and PEFT files share one vocabulary.
 */
export function llamaParamShapes(config: LlamaConfig): Map<string, number[]> {
  validateLlamaConfig(config);
  const { hiddenSize: d, headDim: hd, nHead, nKvHead, intermediateSize: ff } = config;
  const shapes = new Map<string, number[]>();
  shapes.set('model.embed_tokens.weight', [config.vocabSize, d]);
  for (let i = 0; i < config.nLayer; i++) {
    const layer = `model.layers.${i}`;
    shapes.set(`${layer}.input_layernorm.weight`, [d]);
    shapes.set(`${layer}.self_attn.q_proj.weight`, [nHead * hd, d]);
    shapes.set(`${layer}.self_attn.k_proj.weight`, [nKvHead * hd, d]);
    shapes.set(`${layer}.self_attn.v_proj.weight`, [nKvHead * hd, d]);
    if (config.attentionBias) {
      shapes.set(`${layer}.self_attn.q_proj.bias`, [nHead * hd]);
      shapes.set(`${layer}.self_attn.k_proj.bias`, [nKvHead * hd]);
      shapes.set(`${layer}.self_attn.v_proj.bias`, [nKvHead * hd]);
    }
    shapes.set(`${layer}.self_attn.o_proj.weight`, [d, nHead * hd]);
    shapes.set(`${layer}.post_attention_layernorm.weight`, [d]);
    shapes.set(`${layer}.mlp.gate_proj.weight`, [ff, d]);
    shapes.set(`${layer}.mlp.up_proj.weight`, [ff, d]);
    shapes.set(`${layer}.mlp.down_proj.weight`, [d, ff]);
  }
  shapes.set('model.norm.weight', [d]);
  if (!config.tieEmbeddings) shapes.set('lm_head.weight', [config.vocabSize, d]);
  return shapes;
}

/** Throws a ModelConfigError naming the first field that keeps `config` from forming a model. */
export function validateLlamaConfig(config: LlamaConfig): void {
  const positive = ['vocabSize', 'contextLength', 'nLayer', 'nHead', 'nKvHead', 'hiddenSize', 'headDim', 'intermediateSize'] as const;
  for (const key of positive) {
    const value = config[key];
    if (!Number.isInteger(value) || value < 1) throw new ModelConfigError(`${key} must be a positive integer, got ${value}`);
  }
  if (config.nHead % config.nKvHead !== 0) {
    throw new ModelConfigError(`nHead (${config.nHead}) must be a multiple of nKvHead (${config.nKvHead})`);
  }
  if (config.headDim % 2 !== 0) throw new ModelConfigError(`headDim (${config.headDim}) must be even for rotary positions`);
  if (!(config.rmsNormEps > 0)) throw new ModelConfigError(`rmsNormEps must be positive, got ${config.rmsNormEps}`);
  if (!(config.ropeTheta > 0)) throw new ModelConfigError(`ropeTheta must be positive, got ${config.ropeTheta}`);
  if (config.ropeScaling && !(config.ropeScaling.factor > 0)) {
    throw new ModelConfigError(`ropeScaling.factor must be positive, got ${config.ropeScaling.factor}`);
  }
}
