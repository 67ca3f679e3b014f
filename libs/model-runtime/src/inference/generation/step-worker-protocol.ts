import { LoadOptions } from '../session/load-options';
import { DecodeRun, PrefillRun, RowExtent, RowPlacement } from './step-engine';

/** What a ThreadedStepEngine's worker is started with. */
export interface StepWorkerData {
  dir: string;
  options: LoadOptions;
}

export type CacheOp = { op: 'relayout'; slots: number; capacity: number; rows: RowExtent[] } | { op: 'move'; from: number; to: number; length: number };

export type StepWorkerRequest =
  | { kind: 'ready'; id: number }
  | { kind: 'prefill'; id: number; cacheId: number; ops: CacheOp[]; run: PrefillRun; placements: RowPlacement[] }
  | { kind: 'step'; id: number; cacheId: number; ops: CacheOp[]; run: DecodeRun }
  | { kind: 'release'; cacheId: number };

export type StepWorkerReply = { id: number; logits?: Float32Array; error?: string };

/** A request as a caller words it; the engine numbers it. */
export type UnnumberedRequest = StepWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
