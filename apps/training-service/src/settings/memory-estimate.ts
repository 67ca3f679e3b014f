import { elementCount, GptConfig, paramShapes } from '@llmchain/model-runtime';

const FLOAT_BYTES = 4;
/**
 * Floats held per parameter during a step: weights, gradient and the two Adam moments, the step's updated copies of
 * weights and moments, and onnxruntime's intermediate gradient buffers (clipping, the tied embedding's two paths).
 */
const FLOATS_PER_PARAMETER = 20;
/** Floats per token per layer scaling with the width: LayerNorm, q/k/v, MLP hidden and GELU values and their gradients. */
const FLOATS_PER_TOKEN_PER_WIDTH = 40;
/** Floats per token per layer per head scaling with the sequence: attention scores, probabilities and their gradients. */
const FLOATS_PER_TOKEN_PER_HEAD_POSITION = 6;
/** Floats per token per vocabulary entry: logits, log-probabilities and their gradient. */
const FLOATS_PER_TOKEN_PER_VOCAB = 8;
/** The sessions' own footprint (graphs, kernels, arena bookkeeping). */
const SESSION_OVERHEAD_BYTES = 32 * 2 ** 20;

export function parameterCount(config: GptConfig): number {
  let count = 0;
  for (const shape of paramShapes(config).values()) count += elementCount(shape);
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
