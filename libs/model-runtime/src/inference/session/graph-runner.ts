import * as ort from 'onnxruntime-node';
import { ReplicaRun } from '../generation/cache-replica';
import { AheadSteps, RunAheadPlan } from '../generation/run-ahead';

/** A graph run's outputs by name (decoder_step's are all float32). */
export type GraphOutputs = Record<string, Float32Array>;

/**
 * Where a decoder-step graph's session runs: on this thread (SessionOnThisThread) or on a worker thread of its own
 * (SessionThread), so the caller's event loop goes on while it computes.
 */
export interface GraphRunner {
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  /** Whether decoders keep a replica of their cache where this runs (CacheJournal), rather than send it each run. */
  readonly keepsCacheReplicas: boolean;
  /**
   * Runs the graph on `feeds` and the LoRA inputs `lora`, kept apart because they change only with the batch's
   * adapters: the same object again (LoraFeedCache) is not sent to a worker thread again. With `replica`, first
   * replays a decoder's cache changes there and, for a step, feeds its cache.
   */
  run(feeds: Record<string, ort.Tensor>, lora: Record<string, ort.Tensor>, replica?: ReplicaRun): Promise<GraphOutputs>;
  /**
   * On a worker thread: a lone sequence's decode step that the worker follows with more of its own (RunAheadPlan).
   * Absent where the model runs on the caller's thread (nothing to save there).
   */
  runAhead?(feeds: Record<string, ort.Tensor>, lora: Record<string, ort.Tensor>, replica: ReplicaRun, plan: RunAheadPlan): AheadSteps<GraphOutputs>;
  /** Drops a decoder's replica (the decoder is done). */
  releaseReplica(id: number): void;
  /** Stops a worker; runs in flight and later ones fail. Nothing to do on this thread. */
  close(): Promise<void>;
}

/** The process-wide session itself: every run blocks this thread while it computes. */
export class SessionOnThisThread implements GraphRunner {
  readonly keepsCacheReplicas = false;

  constructor(private readonly session: ort.InferenceSession) {}

  get inputMetadata(): readonly ort.InferenceSession.ValueMetadata[] {
    return this.session.inputMetadata;
  }

  async run(feeds: Record<string, ort.Tensor>, lora: Record<string, ort.Tensor>): Promise<GraphOutputs> {
    const results = await this.session.run({ ...feeds, ...lora });
    return Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, tensor.data as Float32Array]));
  }

  releaseReplica(): void {}

  async close(): Promise<void> {}
}
