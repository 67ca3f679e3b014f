import { LlamaConfig, LlamaFamily, RopeScaling } from '../../model/llama-config';
import { ConfigFields } from './config-fields';

/** Hugging Face architectures of the Llama family and the family each one is. */
export const LLAMA_ARCHITECTURES: Record<string, LlamaFamily> = {
  LlamaForCausalLM: 'llama',
  Qwen2ForCausalLM: 'qwen2',
  MistralForCausalLM: 'mistral',
};

/** transformers' defaults (the same in LlamaConfig, Qwen2Config and MistralConfig) for fields config.json leaves out. */
const DEFAULT_ROPE_THETA = 10000;
const DEFAULT_RMS_NORM_EPS = 1e-6;
/**
 * The rotary tables are computed for every position of the context (the weights bound every other size), so the
 * context is bounded here: 1M positions, 8x Llama 3.1's 128k.
 */
export const MAX_CONTEXT_LENGTH = 2 ** 20;
/** MistralConfig's sliding_window when config.json has no such key (an explicit null turns it off). */
const MISTRAL_DEFAULT_SLIDING_WINDOW = 4096;

function ropeScaling(fields: ConfigFields): RopeScaling | undefined {
  if (!fields.has('rope_scaling')) return undefined;
  const scaling = fields.nested('rope_scaling');
  // transformers reads `rope_type`, and `type` from configs written before it was renamed.
  const typeField = scaling.has('rope_type') ? 'rope_type' : 'type';
  const type = scaling.string(typeField);
  if (type === 'default') return undefined;
  if (type === 'linear') return { type, factor: scaling.positiveNumber('factor') };
  if (type === 'llama3') {
    const result: RopeScaling = {
      type,
      factor: scaling.positiveNumber('factor'),
      lowFreqFactor: scaling.positiveNumber('low_freq_factor'),
      highFreqFactor: scaling.positiveNumber('high_freq_factor'),
      originalMaxPositionEmbeddings: scaling.positiveInteger('original_max_position_embeddings'),
    };
    if (result.highFreqFactor <= result.lowFreqFactor) {
      scaling.fail('high_freq_factor', `must be larger than low_freq_factor (${result.lowFreqFactor})`, result.highFreqFactor);
    }
    return result;
  }
  return scaling.fail(typeField, 'is not supported (supported: default, linear, llama3)', type);
}

/**
 * The context this runtime serves: max_position_embeddings, unless a sliding window is narrower. Attention within
 * the window is exactly full attention, so a model whose window would bound the context is served with the window
 * as its context instead of with windowed attention.
 */
function contextLength(fields: ConfigFields, family: LlamaFamily): number {
  const maxPositions = fields.positiveInteger('max_position_embeddings');
  if (maxPositions > MAX_CONTEXT_LENGTH) fields.fail('max_position_embeddings', `must be at most ${MAX_CONTEXT_LENGTH}`, maxPositions);
  if (family === 'llama') return maxPositions;
  if (family === 'qwen2' && !fields.boolean('use_sliding_window', false)) return maxPositions;
  if (family === 'mistral' && fields.raw('sliding_window') === undefined) {
    return Math.min(maxPositions, MISTRAL_DEFAULT_SLIDING_WINDOW);
  }
  if (!fields.has('sliding_window')) return maxPositions;
  return Math.min(maxPositions, fields.positiveInteger('sliding_window'));
}

/**
 * config.json of LlamaForCausalLM, Qwen2ForCausalLM or MistralForCausalLM as a LlamaConfig, with transformers'
 * defaults for absent fields. Anything the runtime's graphs would compute differently from transformers (an
 * unknown rope type, biases Llama puts where llamaParamShapes has none, heads that do not divide) is refused
 * with a ModelImportError naming the field.
 */
export function fromHfLlamaConfig(json: unknown, family: LlamaFamily): LlamaConfig {
  const fields = new ConfigFields(json, 'config.json');
  const hiddenSize = fields.positiveInteger('hidden_size');
  const nHead = fields.positiveInteger('num_attention_heads');
  const nKvHead = fields.positiveInteger('num_key_value_heads', nHead);
  if (nHead % nKvHead !== 0) fields.fail('num_key_value_heads', `must divide num_attention_heads (${nHead})`, nKvHead);
  if (!fields.has('head_dim') && hiddenSize % nHead !== 0) {
    fields.fail('num_attention_heads', `must divide hidden_size (${hiddenSize}) when head_dim is not given`, nHead);
  }
  const headDim = fields.positiveInteger('head_dim', hiddenSize / nHead);
  if (headDim % 2 !== 0) fields.fail('head_dim', 'must be even for rotary positions', headDim);
  const hiddenAct = fields.string('hidden_act', 'silu');
  if (hiddenAct !== 'silu') fields.fail('hidden_act', 'is not supported (supported: silu)', hiddenAct);
  if (family !== 'qwen2' && fields.boolean('attention_bias', false)) {
    fields.fail('attention_bias', 'is not supported for this architecture (its o_proj would carry a bias too)', true);
  }
  if (fields.boolean('mlp_bias', false)) fields.fail('mlp_bias', 'is not supported', true);
  if (fields.has('partial_rotary_factor') && fields.raw('partial_rotary_factor') !== 1) {
    fields.fail('partial_rotary_factor', 'is not supported (only 1)', fields.raw('partial_rotary_factor'));
  }
  return {
    family,
    vocabSize: fields.positiveInteger('vocab_size'),
    contextLength: contextLength(fields, family),
    nLayer: fields.positiveInteger('num_hidden_layers'),
    nHead,
    nKvHead,
    hiddenSize,
    headDim,
    intermediateSize: fields.positiveInteger('intermediate_size'),
    rmsNormEps: fields.positiveNumber('rms_norm_eps', DEFAULT_RMS_NORM_EPS),
    ropeTheta: fields.positiveNumber('rope_theta', DEFAULT_ROPE_THETA),
    ropeScaling: ropeScaling(fields),
    // Qwen2 always has q/k/v biases; Llama and Mistral have none unless attention_bias says so.
    attentionBias: family === 'qwen2',
    tieEmbeddings: fields.boolean('tie_word_embeddings', false),
  };
}
