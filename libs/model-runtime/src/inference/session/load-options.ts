import { ModelVariant } from '../model-directory/model-directory';

export interface LoadOptions {
  /** A name from the execution-provider table; 'cpu' when absent. */
  executionProvider?: string;
  /** Weight format; 'fp32' when absent. */
  variant?: ModelVariant;
  /**
   * onnxruntime intra-op threads; DEFAULT_INTRA_OP_THREADS when absent. Decoding runs many small
   * kernels, where a thread pool's hand-offs cost more than they save, and on a busy machine one
   * descheduled worker stalls every kernel; measured on the 2-core machines, one thread decoded
   * 1.1–1.6× faster at batch 1 and 1.9–2.7× faster at batch 8 than two.
   */
  intraOpThreads?: number;
  /**
   * Where the decoder-step graph runs: `worker`, a thread of its own (SessionThread: this thread's event loop goes on
   * while it computes, and the weights live there only); `this`, the caller's thread (the default).
   */
  thread?: 'this' | 'worker';
}

export const DEFAULT_INTRA_OP_THREADS = 1;
