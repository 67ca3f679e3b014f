// Worker thread of ThreadedStepEngine: holds the model's session and its decoders' caches, and runs the graph.
import { parentPort, workerData } from 'node:worker_threads';
import { InferenceModel } from '../session/inference-model';
import { LocalEngineCache } from './step-engine';
import { CacheOp, StepWorkerData, StepWorkerReply, StepWorkerRequest } from './step-worker-protocol';

const { dir, options } = workerData as StepWorkerData;
const loading = InferenceModel.load(dir, options);
const caches = new Map<number, LocalEngineCache>();
// Requests are handled one at a time, in the order they came.
let queue: Promise<void> = Promise.resolve();

function apply(cache: LocalEngineCache, ops: CacheOp[]): void {
  for (const op of ops) {
    if (op.op === 'relayout') cache.relayout(op.slots, op.capacity, op.rows);
    else cache.moveRow(op.from, op.to, op.length);
  }
}

async function handle(request: StepWorkerRequest): Promise<StepWorkerReply | undefined> {
  const model = await loading;
  if (request.kind === 'release') {
    caches.delete(request.cacheId);
    return undefined;
  }
  if (request.kind === 'ready') return { id: request.id };
  let cache = caches.get(request.cacheId);
  if (!cache) caches.set(request.cacheId, (cache = new LocalEngineCache(model)));
  apply(cache, request.ops);
  const logits = request.kind === 'prefill' ? await cache.prefill(request.run, request.placements) : await cache.step(request.run);
  return { id: request.id, logits };
}

parentPort?.on('message', (request: StepWorkerRequest) => {
  queue = queue.then(async () => {
    try {
      const reply = await handle(request);
      if (reply) parentPort?.postMessage(reply);
    } catch (error) {
      if (request.kind !== 'release') parentPort?.postMessage({ id: request.id, error: (error as Error).message } satisfies StepWorkerReply);
    }
  });
});
