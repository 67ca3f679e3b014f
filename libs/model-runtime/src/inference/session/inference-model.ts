import * as ort from 'onnxruntime-node';
import { DecoderModelConfig, DecoderShape, decoderShape } from '../../model/decoder-model';
import { cacheKeyName, cacheValueName, newKeyName, newValueName } from '../export/decoder-step-graph';
import { ATTENTION_MASK, INPUT_IDS, LOGITS, NUM_LOGITS_TO_KEEP, POSITION_IDS } from '../export/gpt-blocks';
import { CorruptModelError } from '../../errors';
import { SpecialTokenIds } from '../model-directory/hf-config';
import { modelFilePath, readModelConfig } from '../model-directory/model-directory';
import { CacheJournal } from '../generation/cache-replica';
import { AheadSteps, RunAheadPlan } from '../generation/run-ahead';
import { GraphOutputs, GraphRunner, SessionOnThisThread } from './graph-runner';
import { LoadOptions } from './load-options';
import { emptyKvCache, KvCache } from './kv-cache';
import { LoraFeedCache } from './lora-feeds';
import { LoraModule, loraModulesOf } from './lora-modules';
import { LoraAdapter } from '../../lora/lora-adapter';
import { ResidentAdapter } from './resident-adapter';
import { sessionCache } from './session-cache';
import { SessionThread } from './session-thread';
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
  /**
   * Per row, the adapter it runs with (undefined: the base alone). A run without any adapter (or with this absent)
   * feeds rank-0 LoRA inputs and runs the plain network's kernels (plus an If per projection; lora-linear.ts).
   */
  adapters?: readonly (ResidentAdapter | undefined)[];
  /**
   * The running decoder's cache journal (from newCacheJournal, on a model on a worker thread): its changes go with
   * the run, and with `cacheIsReplica` the replica there is the cache input, so `cache` is not sent. `appendAt`: the
   * replica takes the run's new keys and values at these columns after it (ReplicaRun.appendAt).
   */
  replica?: { journal: CacheJournal; cacheIsReplica: boolean; appendAt?: number[] };
}

export interface StepOutputs {
  /** [batch, kept positions, vocab] */
  logits: Float32Array;
  /** Per layer, the new tokens' keys and values [batch, nKvHead, seq, headDim]. */
  newKeys: Float32Array[];
  newValues: Float32Array[];
}

/**
 * A model directory bound to the process-wide session of its decoder-step graph, which runs the base's rows and its
 * adapters' rows alike (lora-linear.ts): one copy of the base's weights per process, however many adapters run on it.
 */
export class InferenceModel {
  readonly shape: DecoderShape;
  private readonly loraFeeds: LoraFeedCache;

  private constructor(
    readonly model: DecoderModelConfig,
    readonly tokens: SpecialTokenIds,
    /** The graph's session, on this thread or on a worker thread of its own. */
    private readonly runner: GraphRunner,
    /** The graph's LoRA-carrying modules; none in a graph exported without LoRA inputs. */
    private readonly loraModules: readonly LoraModule[],
    private readonly file: string,
  ) {
    this.shape = decoderShape(model);
    this.loraFeeds = new LoraFeedCache(loraModules);
  }

  static async load(dir: string, options: LoadOptions = {}): Promise<InferenceModel> {
    const { model, tokens } = readModelConfig(dir);
    const file = modelFilePath(dir, options.variant, 'decoder_step');
    const runner =
      options.thread === 'worker'
        ? await SessionThread.start({ file, provider: options.executionProvider, threads: options.intraOpThreads })
        : new SessionOnThisThread(await sessionCache.get(file, options.executionProvider, options.intraOpThreads));
    return new InferenceModel(model, tokens, runner, loraModulesOf(runner, file), file);
  }

  /** A journal for a new decoder's cache, when the model runs on a worker thread that keeps a replica of it. */
  newCacheJournal(): CacheJournal | undefined {
    if (!this.runner.keepsCacheReplicas) return undefined;
    const { nLayer, nKvHead, headDim } = this.shape;
    const layers = Array.from({ length: nLayer }, (_, layer) => layer);
    return new CacheJournal({
      nLayer,
      nKvHead,
      headDim,
      cacheKeys: layers.map(cacheKeyName),
      cacheValues: layers.map(cacheValueName),
      newKeys: layers.map(newKeyName),
      newValues: layers.map(newValueName),
    });
  }

  /** The decoder of this journal is done: its replica goes. */
  releaseCacheJournal(journal: CacheJournal): void {
    this.runner.releaseReplica(journal.id);
  }

  /** Stops the model's worker thread, if it has one; its runs in flight and later ones fail. */
  close(): Promise<void> {
    return this.runner.close();
  }

  /** A cache of capacity 0, for a run over whole prompts. */
  emptyCache(batch: number): KvCache {
    return emptyKvCache(this.shape, batch);
  }

  validatePrompt(ids: readonly number[]): void {
    validatePrompt(this.shape, ids);
  }

  /**
   * Converts a PEFT adapter for this base, once, into the factors its rows feed the graph's LoRA inputs (fp32, whatever
   * the base's variant). Throws AdapterFormatError naming a tensor or field that does not fit the base, and
   * CorruptModelError for a graph without LoRA inputs.
   */
  async loadAdapter(adapter: LoraAdapter): Promise<ResidentAdapter> {
    if (this.loraModules.length === 0) {
      throw new CorruptModelError(this.file, 'the graph has no lora.<layer>.<module>.a|b inputs; export the model again to serve adapters');
    }
    return ResidentAdapter.convert(adapter, this.loraModules);
  }

  async run(inputs: StepInputs): Promise<StepOutputs> {
    const { feeds, lora, replica } = this.feedsOf(inputs);
    return this.outputsOf(await this.runner.run(feeds, lora, replica));
  }

  /** Whether runAhead is there: the model runs on a worker thread. */
  get runsAhead(): boolean {
    return this.runner.runAhead !== undefined;
  }

  /**
   * A lone sequence's decode step (batch 1, one token, its cache the replica) that the model's thread follows with
   * `plan.steps - 1` more, drawing their tokens itself; each step's outputs come back as it ends.
   */
  runAhead(inputs: StepInputs, plan: RunAheadPlan): AheadSteps<StepOutputs> {
    const { feeds, lora, replica } = this.feedsOf(inputs);
    const runAhead = this.runner.runAhead?.bind(this.runner);
    if (!runAhead || !replica || replica.cacheRows !== 1) throw new Error("a run ahead needs a lone sequence's step on the model's worker thread");
    const steps = runAhead(feeds, lora, replica, plan);
    return { next: () => steps.next().then((step) => ({ ...step, outputs: this.outputsOf(step.outputs) })), halt: () => steps.halt() };
  }

  private feedsOf(inputs: StepInputs) {
    const { batch, seq } = inputs;
    const feeds: Record<string, ort.Tensor> = {
      [INPUT_IDS]: new ort.Tensor('int64', inputs.inputIds, [batch, seq]),
      [ATTENTION_MASK]: new ort.Tensor('int64', inputs.attentionMask, [batch, inputs.attentionMask.length / batch]),
      [POSITION_IDS]: new ort.Tensor('int64', inputs.positionIds, [batch, seq]),
      [NUM_LOGITS_TO_KEEP]: new ort.Tensor('int64', BigInt64Array.of(BigInt(inputs.logitsToKeep)), []),
    };
    const replica = inputs.replica?.journal.take(inputs.replica.cacheIsReplica ? batch : undefined, inputs.replica.appendAt);
    for (let layer = 0; layer < this.shape.nLayer && replica?.cacheRows === undefined; layer++) {
      feeds[cacheKeyName(layer)] = inputs.cache.keys[layer];
      feeds[cacheValueName(layer)] = inputs.cache.values[layer];
    }
    const lora = this.loraFeeds.feeds(inputs.adapters ?? new Array<undefined>(batch).fill(undefined));
    return { feeds, lora, replica };
  }

  private outputsOf(results: GraphOutputs): StepOutputs {
    const layers = Array.from({ length: this.shape.nLayer }, (_, layer) => layer);
    return {
      logits: results[LOGITS],
      newKeys: layers.map((layer) => results[newKeyName(layer)]),
      newValues: layers.map((layer) => results[newValueName(layer)]),
    };
  }
}
