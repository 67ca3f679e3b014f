import { DecoderModelConfig, elementCount, GptConfig, llamaParamShapes, paramShapes } from '@llmchain/model-runtime';
import { LoraSettings } from './training-settings';

const FLOAT_BYTES = 4;
/**
 * Floats held per parameter during a step: weights, gradient and the two Adam moments, the step's updated copies of
 * weights and moments, and onnxruntime's intermediate gradient buffers (clipping, the tied embedding's two paths).
 */
const FLOATS_PER_PARAMETER = 20;
/** Floats per token per layer scaling with the width: LayerNorm, q/k/v, MLP hidden and GELU values and their gradients. */
const FLOATS_PER_TOKEN_PER_WIDTH = 40;
/**
 * The part of FLOATS_PER_TOKEN_PER_WIDTH GPT-2's 4·d-wide MLP hidden layer accounts for (6 floats per hidden unit:
 * the projection, the activation and their gradients); a Llama-family layer has intermediateSize hidden units instead.
 */
const FLOATS_PER_TOKEN_PER_MLP_UNIT = 6;
/** Floats per token per layer per head scaling with the sequence: attention scores, probabilities and their gradients. */
const FLOATS_PER_TOKEN_PER_HEAD_POSITION = 6;
/** Floats per token per vocabulary entry: logits, log-probabilities and their gradient. */
const FLOATS_PER_TOKEN_PER_VOCAB = 8;
/** Floats per token per adapted projection per rank unit: x·A, its dropout input and their gradients. */
const FLOATS_PER_TOKEN_PER_LORA_RANK = 4;
/** The sessions' own footprint (graphs, kernels, arena bookkeeping). */
const SESSION_OVERHEAD_BYTES = 32 * 2 ** 20;

export function parameterCount(config: GptConfig): number {
  let count = 0;
  for (const shape of paramShapes(config).values()) count += elementCount(shape);
  return count;
}

/** Parameters of a decoder of either architecture. */
export function decoderParameterCount(model: DecoderModelConfig): number {
  if (model.architecture === 'gpt2') return parameterCount(model.config);
  let count = 0;
  for (const shape of llamaParamShapes(model.config).values()) count += elementCount(shape);
  return count;
}

/**
 * Memory one training step takes, in bytes:
 *
 *   4 × (20·P + B·T·(L·(40·d + 6·h·T) + 8·V)) + 32 MiB
 *
 * with P parameters, batch B, sequence length T, L layers, width d, h heads and vocabulary V: parameter state
 * (weights, gradients, Adam moments, the step's new copies), activations kept for the backward pass and their
 * gradients, the logits, and the sessions' overhead. The coefficients were fitted to the peak RSS growth of
 * Trainer.trainStep on onnxruntime-node 1.30 (CPU) over 13 shapes from 23 k to 12 M parameters: the estimate
 * lies between 0.9× and 1.5× of what was measured (onnxruntime's arena grows in steps, so usage is not smooth).
 */
export function estimateTrainingMemoryBytes(config: GptConfig, batchSize: number, seqLen: number): number {
  const { nLayer, nEmbd, nHead, vocabSize } = config;
  const activationFloatsPerToken =
    nLayer * (FLOATS_PER_TOKEN_PER_WIDTH * nEmbd + FLOATS_PER_TOKEN_PER_HEAD_POSITION * nHead * seqLen) +
    FLOATS_PER_TOKEN_PER_VOCAB * vocabSize;
  const floats = FLOATS_PER_PARAMETER * parameterCount(config) + batchSize * seqLen * activationFloatsPerToken;
  return FLOAT_BYTES * floats + SESSION_OVERHEAD_BYTES;
}

/** Activation floats per token of one layer (values and gradients), by architecture; the MLP at its own width. */
function layerActivationFloatsPerToken(model: DecoderModelConfig, seqLen: number): number {
  if (model.architecture === 'gpt2') {
    const { nEmbd, nHead } = model.config;
    return FLOATS_PER_TOKEN_PER_WIDTH * nEmbd + FLOATS_PER_TOKEN_PER_HEAD_POSITION * nHead * seqLen;
  }
  const { hiddenSize, intermediateSize, nHead } = model.config;
  // GPT-2's 40·d holds 6·(4·d) for its MLP; a SwiGLU MLP keeps gate, up and their product: 1.5× the units' floats.
  const attentionAndNorms = (FLOATS_PER_TOKEN_PER_WIDTH - 4 * FLOATS_PER_TOKEN_PER_MLP_UNIT) * hiddenSize;
  const mlp = 1.5 * FLOATS_PER_TOKEN_PER_MLP_UNIT * intermediateSize;
  return attentionAndNorms + mlp + FLOATS_PER_TOKEN_PER_HEAD_POSITION * nHead * seqLen;
}

/**
 * Memory one LoRA training step takes, in bytes: the frozen base once (no gradient, no moments, fed unchanged to
 * every step), the adapter's A and B with the full per-parameter state of FLOATS_PER_PARAMETER, the activations the
 * backward pass needs through the frozen layers (the gradient still flows through them to reach earlier adapters),
 * the adapters' own rank-wide activations, the logits and the sessions' overhead:
 *
 *   4 × (P_base + 20·P_adapter + B·T·(L·a + 4·r·M + 8·V)) + 32 MiB
 *
 * with a the architecture's activation floats per token per layer and M the adapted projections. Where a full
 * fine-tune's parameter state is 20·P_base, LoRA's is P_base: the difference lets a base train through an adapter
 * that could not train whole.
 */
export function estimateLoraTrainingMemoryBytes(
  model: DecoderModelConfig,
  adapter: { parameterCount: number; rank: number; projections: number },
  batchSize: number,
  seqLen: number,
): number {
  const { nLayer, vocabSize } = model.config;
  const activationFloatsPerToken =
    nLayer * layerActivationFloatsPerToken(model, seqLen) +
    FLOATS_PER_TOKEN_PER_LORA_RANK * adapter.rank * adapter.projections +
    FLOATS_PER_TOKEN_PER_VOCAB * vocabSize;
  const floats =
    decoderParameterCount(model) + FLOATS_PER_PARAMETER * adapter.parameterCount + batchSize * seqLen * activationFloatsPerToken;
  return FLOAT_BYTES * floats + SESSION_OVERHEAD_BYTES;
}

/** The adapter's size as the estimate needs it, from the projections LoRA adapts. */
export function loraAdapterSize(projections: { inDim: number; outDim: number }[], settings: LoraSettings) {
  const parameterCount = projections.reduce((sum, { inDim, outDim }) => sum + settings.rank * (inDim + outDim), 0);
  return { parameterCount, rank: settings.rank, projections: projections.length };
}
