import * as ort from 'onnxruntime-node';

/** A graph run's outputs by name (decoder_step's are all float32). */
export type GraphOutputs = Record<string, Float32Array>;

export interface GraphRun {
  outputs: GraphOutputs;
  /** The buffers the run was lent, back. */
  returned: ArrayBuffer[];
}

/**
 * Where a decoder-step graph's session runs: on this thread (SessionOnThisThread) or on a worker thread of its own
 * (SessionThread), so the caller's event loop goes on while it computes.
 */
export interface GraphRunner {
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  /**
   * Runs the graph on `feeds` and the LoRA inputs `lora` (kept apart: a runner on another thread need not send the
   * same LoRA inputs again while the batch keeps its adapters). `lent`: buffers that feeds view and that a runner on
   * another thread takes there for the run (transferred, not copied) and gives back in `returned`, in order.
   */
  run(feeds: Record<string, ort.Tensor>, lora: Record<string, ort.Tensor>, lent: ArrayBuffer[]): Promise<GraphRun>;
  /** Stops a worker; runs in flight and later ones fail. Nothing to do on this thread. */
  close(): Promise<void>;
}

/** The process-wide session itself: every run blocks this thread while it computes. */
export class SessionOnThisThread implements GraphRunner {
  constructor(private readonly session: ort.InferenceSession) {}

  get inputMetadata(): readonly ort.InferenceSession.ValueMetadata[] {
    return this.session.inputMetadata;
  }

  async run(feeds: Record<string, ort.Tensor>, lora: Record<string, ort.Tensor>, lent: ArrayBuffer[]): Promise<GraphRun> {
    const results = await this.session.run({ ...feeds, ...lora });
    return { outputs: Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, tensor.data as Float32Array])), returned: lent };
  }

  async close(): Promise<void> {}
}
