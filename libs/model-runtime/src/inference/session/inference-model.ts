import * as ort from 'onnxruntime-node';
import { GptConfig, headDim } from '../../model/config';
import { SequenceTooLongError, TokenIdOutOfRangeError } from '../../errors';
import {
  ATTENTION_MASK,
  INPUT_IDS,
  LOGITS,
  NUM_LOGITS_TO_KEEP,
  POSITION_IDS,
  pastKeyName,
  pastValueName,
  presentKeyName,
  presentValueName,
} from '../export/inference-graph';
import { SpecialTokenIds } from '../model-directory/hf-config';
import { ModelVariant, modelFilePath, readModelConfig } from '../model-directory/model-directory';
import { sessionCache } from './session-cache';

/** Per-layer key and value tensors [batch, heads, length, headDim]. */
export interface KvCache {
  keys: ort.Tensor[];
  values: ort.Tensor[];
}

/** One session run's inputs: a rectangular batch, already padded by the caller. */
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

export interface LoadOptions {
  executionProvider?: string;
  variant?: ModelVariant;
}

/** An exported model directory bound to its (shared) onnxruntime session. */
export class InferenceModel {
  private constructor(
    readonly config: GptConfig,
    readonly tokens: SpecialTokenIds,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(dir: string, options: LoadOptions = {}): Promise<InferenceModel> {
    const { config, tokens } = readModelConfig(dir);
    const session = await sessionCache.get(modelFilePath(dir, options.variant), options.executionProvider);
    return new InferenceModel(config, tokens, session);
  }

  /** Throws TokenIdOutOfRangeError / SequenceTooLongError before anything reaches onnxruntime. */
  validatePrompt(ids: readonly number[]): void {
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.config.vocabSize) {
        throw new TokenIdOutOfRangeError(id, this.config.vocabSize);
      }
    }
    if (ids.length > this.config.contextLength) throw new SequenceTooLongError(ids.length, this.config.contextLength);
  }

  /** A zero-length cache for a first run. */
  emptyCache(batch: number): KvCache {
    const dims = [batch, this.config.nHead, 0, headDim(this.config)];
    const empty = () => new ort.Tensor('float32', new Float32Array(0), dims);
    return {
      keys: Array.from({ length: this.config.nLayer }, empty),
      values: Array.from({ length: this.config.nLayer }, empty),
    };
  }

  async forward(inputs: ForwardInputs): Promise<ForwardOutputs> {
    const { batch, seq } = inputs;
    const past = inputs.past ?? this.emptyCache(batch);
    const feeds: Record<string, ort.Tensor> = {
      [INPUT_IDS]: new ort.Tensor('int64', inputs.inputIds, [batch, seq]),
      [ATTENTION_MASK]: new ort.Tensor('int64', inputs.attentionMask, [batch, inputs.attentionMask.length / batch]),
      [POSITION_IDS]: new ort.Tensor('int64', inputs.positionIds, [batch, seq]),
      [NUM_LOGITS_TO_KEEP]: new ort.Tensor('int64', BigInt64Array.of(BigInt(inputs.logitsToKeep)), []),
    };
    for (let layer = 0; layer < this.config.nLayer; layer++) {
      feeds[pastKeyName(layer)] = past.keys[layer];
      feeds[pastValueName(layer)] = past.values[layer];
    }
    const results = await this.session.run(feeds);
    const present: KvCache = { keys: [], values: [] };
    for (let layer = 0; layer < this.config.nLayer; layer++) {
      present.keys.push(results[presentKeyName(layer)]);
      present.values.push(results[presentValueName(layer)]);
    }
    return { logits: results[LOGITS].data as Float32Array, present };
  }
}
