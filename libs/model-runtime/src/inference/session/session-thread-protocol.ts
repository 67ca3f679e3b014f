import * as ort from 'onnxruntime-node';
import { ReplicaRun } from '../generation/cache-replica';
import { RunAheadPlan } from '../generation/run-ahead';

/** What a SessionThread's worker is started with: the graph file and how to open it. */
export interface SessionThreadData {
  file: string;
  provider?: string;
  threads?: number;
}

/** A feed as it crosses (copied). */
export type WireTensor = { type: ort.Tensor.Type; data: ort.Tensor.DataType; dims: readonly number[] };

export type SessionThreadRequest =
  /**
   * `lora` absent: the LoRA inputs of the run before (the batch kept its adapters). `ahead`: a lone sequence's decode
   * step that the worker follows with more of its own, a result for each.
   */
  | { kind: 'run'; id: number; feeds: Record<string, WireTensor>; lora?: Record<string, WireTensor>; replica?: ReplicaRun; ahead?: RunAheadPlan }
  /** The run ahead `id` ends after the step in hand (its result comes back last). */
  | { kind: 'halt'; id: number }
  /** A decoder is done: its replica goes. */
  | { kind: 'release'; replicaId: number }
  /** After the run in hand: release the session and end the thread. */
  | { kind: 'close' };

export type SessionThreadReply =
  | { kind: 'ready'; inputMetadata: ort.InferenceSession.ValueMetadata[] }
  /** `ahead`: a step of a run ahead, with the token the worker drew and whether it was the run's last. */
  | { kind: 'result'; id: number; outputs: Record<string, Float32Array>; ahead?: { token: number; last: boolean } }
  | { kind: 'failed'; id?: number; message: string };
