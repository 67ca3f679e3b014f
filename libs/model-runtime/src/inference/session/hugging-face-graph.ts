import * as ort from 'onnxruntime-node';
import { DecoderModelConfig, DecoderShape, decoderShape } from '../../model/decoder-model';
import { ATTENTION_MASK, INPUT_IDS, LAST_HIDDEN_STATE, LOGITS, NUM_LOGITS_TO_KEEP, POSITION_IDS } from '../export/gpt-blocks';
import { pastKeyName, pastValueName, presentKeyName, presentValueName } from '../export/inference-graph';
import { MissingGraphOutputError } from '../errors';
import { SpecialTokenIds } from '../model-directory/hf-config';
import { modelFilePath, readModelConfig } from '../model-directory/model-directory';
import { LoadOptions } from './load-options';
import { emptyKvCache, KvCache } from './kv-cache';
import { sessionCache } from './session-cache';

/** One run of onnx/model.onnx: a rectangular batch, already padded by the caller. */
export interface ForwardInputs {
  batch: number;
  /** New tokens per row. */
  seq: number;
  inputIds: BigInt64Array;
  /** [batch, pastLength + seq]: 1 for real tokens, 0 for padding. */
  attentionMask: BigInt64Array;
  positionIds: BigInt64Array;
  /** Absent for a first (prefill) run. */
  past?: KvCache;
  /** How many trailing positions to compute logits for; 0 means all. */
  logitsToKeep: number;
}

export interface ForwardOutputs {
  /** [batch, kept positions, vocab] */
  logits: Float32Array;
  present: KvCache;
}

/**
 * onnx/model.onnx, the graph with the Hugging Face interface, run exactly as transformers.js runs it.
 * Generation here goes through InferenceModel's decoder-step graph; this one is for checking the
 * exported interface and for tools that want whole-sequence logits with a growing cache.
 */
export class HuggingFaceGraphSession {
  readonly shape: DecoderShape;

  private constructor(
    readonly model: DecoderModelConfig,
    readonly tokens: SpecialTokenIds,
    private readonly session: ort.InferenceSession,
  ) {
    this.shape = decoderShape(model);
  }

  static async load(dir: string, options: LoadOptions = {}): Promise<HuggingFaceGraphSession> {
    const { model, tokens } = readModelConfig(dir);
    const file = modelFilePath(dir, options.variant, 'model');
    const session = await sessionCache.get(file, options.executionProvider, options.intraOpThreads);
    return new HuggingFaceGraphSession(model, tokens, session);
  }

  /** A zero-length cache for a first run. */
  emptyCache(batch: number): KvCache {
    return emptyKvCache(this.shape, batch);
  }

  /** Whether the graph outputs last_hidden_state (exports before it was added do not). */
  get hasHiddenStates(): boolean {
    return this.session.outputNames.includes(LAST_HIDDEN_STATE);
  }

  async forward(inputs: ForwardInputs): Promise<ForwardOutputs> {
    const results = await this.session.run(this.feeds(inputs));
    const present: KvCache = { keys: [], values: [] };
    for (let layer = 0; layer < this.shape.nLayer; layer++) {
      present.keys.push(results[presentKeyName(layer)]);
      present.values.push(results[presentValueName(layer)]);
    }
    return { logits: results[LOGITS].data as Float32Array, present };
  }

  /** The final norm's output [batch, seq, hiddenSize] for every position, and nothing else fetched. */
  async hiddenStates(inputs: ForwardInputs): Promise<Float32Array> {
    if (!this.hasHiddenStates) throw new MissingGraphOutputError(LAST_HIDDEN_STATE);
    const results = await this.session.run(this.feeds(inputs), [LAST_HIDDEN_STATE]);
    return results[LAST_HIDDEN_STATE].data as Float32Array;
  }

  private feeds(inputs: ForwardInputs): Record<string, ort.Tensor> {
    const { batch, seq } = inputs;
    const past = inputs.past ?? this.emptyCache(batch);
    const feeds: Record<string, ort.Tensor> = {
      [INPUT_IDS]: new ort.Tensor('int64', inputs.inputIds, [batch, seq]),
      [ATTENTION_MASK]: new ort.Tensor('int64', inputs.attentionMask, [batch, inputs.attentionMask.length / batch]),
      [POSITION_IDS]: new ort.Tensor('int64', inputs.positionIds, [batch, seq]),
      [NUM_LOGITS_TO_KEEP]: new ort.Tensor('int64', BigInt64Array.of(BigInt(inputs.logitsToKeep)), []),
    };
    for (let layer = 0; layer < this.shape.nLayer; layer++) {
      feeds[pastKeyName(layer)] = past.keys[layer];
      feeds[pastValueName(layer)] = past.values[layer];
    }
    return feeds;
  }
}
