import * as ort from 'onnxruntime-node';
import { GptConfig, headDim } from '../../model/config';
import { cacheKeyName, cacheValueName, newKeyName, newValueName } from '../export/decoder-step-graph';
import { ATTENTION_MASK, INPUT_IDS, LOGITS, NUM_LOGITS_TO_KEEP, POSITION_IDS } from '../export/gpt-blocks';
import { SpecialTokenIds } from '../model-directory/hf-config';
import { modelFilePath, readGptModelConfig } from '../model-directory/model-directory';
import { LoadOptions } from './load-options';
import { emptyKvCache, KvCache } from './kv-cache';
import { sessionCache } from './session-cache';
import { validatePrompt } from './validate-prompt';

/** One decoder-step run: a rectangular batch of new tokens over a cache of some capacity. */
export interface StepInputs {
  batch: number;
  /** New tokens per row. */
  seq: number;
  inputIds: BigInt64Array;
  /** [batch, capacity + seq]: which cache columns and which new tokens are real. */
  attentionMask: BigInt64Array;
  positionIds: BigInt64Array;
  cache: KvCache;
  /** How many trailing positions to compute logits for; 0 means all. */
  logitsToKeep: number;
}

export interface StepOutputs {
  /** [batch, kept positions, vocab] */
  logits: Float32Array;
  /** Per layer, the new tokens' keys and values [batch, heads, seq, headDim]. */
  newKeys: Float32Array[];
  newValues: Float32Array[];
}

/** A model directory bound to the process-wide session of its decoder-step graph. */
export class InferenceModel {
  private constructor(
    readonly config: GptConfig,
    readonly tokens: SpecialTokenIds,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(dir: string, options: LoadOptions = {}): Promise<InferenceModel> {
    const { config, tokens } = readGptModelConfig(dir);
    const file = modelFilePath(dir, options.variant, 'decoder_step');
    const session = await sessionCache.get(file, options.executionProvider, options.intraOpThreads);
    return new InferenceModel(config, tokens, session);
  }

  /** A cache of capacity 0, for a run over whole prompts. */
  emptyCache(batch: number): KvCache {
    return emptyKvCache(this.config, batch);
  }

  validatePrompt(ids: readonly number[]): void {
    validatePrompt(this.config, ids);
  }

  async run(inputs: StepInputs): Promise<StepOutputs> {
    const { batch, seq } = inputs;
    const feeds: Record<string, ort.Tensor> = {
      [INPUT_IDS]: new ort.Tensor('int64', inputs.inputIds, [batch, seq]),
      [ATTENTION_MASK]: new ort.Tensor('int64', inputs.attentionMask, [batch, inputs.attentionMask.length / batch]),
      [POSITION_IDS]: new ort.Tensor('int64', inputs.positionIds, [batch, seq]),
      [NUM_LOGITS_TO_KEEP]: new ort.Tensor('int64', BigInt64Array.of(BigInt(inputs.logitsToKeep)), []),
    };
    for (let layer = 0; layer < this.config.nLayer; layer++) {
      feeds[cacheKeyName(layer)] = inputs.cache.keys[layer];
      feeds[cacheValueName(layer)] = inputs.cache.values[layer];
    }
    const results = await this.session.run(feeds);
    const layers = Array.from({ length: this.config.nLayer }, (_, layer) => layer);
    return {
      logits: results[LOGITS].data as Float32Array,
      newKeys: layers.map((layer) => results[newKeyName(layer)].data as Float32Array),
      newValues: layers.map((layer) => results[newValueName(layer)].data as Float32Array),
    };
  }
}
