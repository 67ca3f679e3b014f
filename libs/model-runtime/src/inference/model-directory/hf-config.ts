import { DEFAULT_LAYER_NORM_EPS, GptConfig, validateConfig } from '../../model/config';
import { DecoderModelConfig } from '../../model/decoder-model';
import { validateLlamaConfig } from '../../model/llama-config';
import { ConfigFields } from './config-fields';
import { fromHfLlamaConfig, LLAMA_ARCHITECTURES } from './hf-llama-config';

/** Token ids a model directory records for generation. */
export interface SpecialTokenIds {
  bosTokenId: number;
  eosTokenId: number;
  /** Every id that ends a sequence, when the model has more than eosTokenId (Llama 3's <|eot_id|> and others). */
  eosTokenIds?: number[];
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

/** gelu_new and gelu_pytorch_tanh are the same tanh approximation, the one the graphs compute. */
const GPT2_ACTIVATIONS = ['gelu_new', 'gelu_pytorch_tanh'];

/**
 * config.json of GPT2LMHeadModel (as transformers writes it, or as this runtime exports it) as a GptConfig. Fields
 * the runtime's GPT-2 cannot honour (an MLP width other than 4·n_embd, another activation, untied embeddings,
 * unscaled attention) are refused with a ModelImportError naming the field.
 */
export function fromHfGpt2Config(json: unknown): GptConfig {
  const fields = new ConfigFields(json, 'config.json');
  const nEmbd = fields.positiveInteger('n_embd');
  const nHead = fields.positiveInteger('n_head');
  if (nEmbd % nHead !== 0) fields.fail('n_head', `must divide n_embd (${nEmbd})`, nHead);
  if (fields.has('n_inner') && fields.raw('n_inner') !== 4 * nEmbd) {
    fields.fail('n_inner', `is not supported: only null or 4·n_embd (${4 * nEmbd})`, fields.raw('n_inner'));
  }
  const activation = fields.string('activation_function', 'gelu_new');
  if (!GPT2_ACTIVATIONS.includes(activation)) {
    fields.fail('activation_function', `is not supported (supported: ${GPT2_ACTIVATIONS.join(', ')})`, activation);
  }
  if (!fields.boolean('scale_attn_weights', true)) fields.fail('scale_attn_weights', 'must be true', false);
  if (fields.boolean('scale_attn_by_inverse_layer_idx', false)) {
    fields.fail('scale_attn_by_inverse_layer_idx', 'is not supported', true);
  }
  if (!fields.boolean('tie_word_embeddings', true)) fields.fail('tie_word_embeddings', 'must be true for GPT-2', false);
  const positional = fields.string('llmchain_positional', 'learned');
  if (positional !== 'learned' && positional !== 'sinusoidal') {
    return fields.fail('llmchain_positional', 'must be learned or sinusoidal', positional);
  }
  const config: GptConfig = {
    vocabSize: fields.positiveInteger('vocab_size'),
    contextLength: fields.positiveInteger('n_positions'),
    nLayer: fields.positiveInteger('n_layer'),
    nHead,
    nEmbd,
    positional,
    dropout: 0,
    layerNormEps: fields.positiveNumber('layer_norm_epsilon', DEFAULT_LAYER_NORM_EPS),
    tieEmbeddings: true,
  };
  validateConfig(config);
  return config;
}

/** The architecture config.json declares: its first `architectures` entry, or its model_type for older files. */
function architectureOf(fields: ConfigFields): string {
  const architectures = fields.raw('architectures');
  if (Array.isArray(architectures) && typeof architectures[0] === 'string') return architectures[0];
  if (fields.raw('model_type') === 'gpt2') return 'GPT2LMHeadModel';
  return fields.fail('architectures', `must name a supported architecture (${SUPPORTED_ARCHITECTURES.join(', ')})`, architectures);
}

const SUPPORTED_ARCHITECTURES = ['GPT2LMHeadModel', ...Object.keys(LLAMA_ARCHITECTURES)];

/** config.json's architecture and hyper-parameters as the runtime's DecoderModelConfig. */
export function fromHfModelConfig(json: unknown): DecoderModelConfig {
  const fields = new ConfigFields(json, 'config.json');
  const architecture = architectureOf(fields);
  if (architecture === 'GPT2LMHeadModel') return { architecture: 'gpt2', config: fromHfGpt2Config(json) };
  const family = LLAMA_ARCHITECTURES[architecture];
  if (!family) {
    fields.fail('architectures', `names an unsupported architecture (supported: ${SUPPORTED_ARCHITECTURES.join(', ')})`, architecture);
  }
  const config = fromHfLlamaConfig(json, family);
  validateLlamaConfig(config);
  return { architecture: 'llama', config };
}

/**
 * bos/eos ids for generation: generation_config.json's where it names them (Llama 3 lists several eos ids there),
 * config.json's otherwise; a model without a bos token starts from eos.
 */
export function specialTokenIds(configJson: unknown, generationConfigJson?: unknown): SpecialTokenIds {
  const config = new ConfigFields(configJson, 'config.json');
  const generation = generationConfigJson === undefined ? undefined : new ConfigFields(generationConfigJson, 'generation_config.json');
  const eos = generation?.tokenIds('eos_token_id') ?? config.tokenIds('eos_token_id');
  if (!eos) return config.fail('eos_token_id', 'is missing (generation needs an end-of-sequence token)');
  const bos = generation?.tokenIds('bos_token_id') ?? config.tokenIds('bos_token_id') ?? eos;
  return { bosTokenId: bos[0], eosTokenId: eos[0], ...(eos.length > 1 ? { eosTokenIds: eos } : {}) };
}
