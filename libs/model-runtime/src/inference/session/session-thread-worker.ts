// Worker thread of SessionThread: opens the graph's session here and runs what the owning thread sends, in order,
// keeping each decoder's cache replica and the last LoRA inputs, for the runs that reuse them.
import * as ort from 'onnxruntime-node';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { LOGITS } from '../export/gpt-blocks';
import { CacheReplica, ReplicaRun } from '../generation/cache-replica';
import { AheadStepper } from '../generation/run-ahead';
import { sessionCache } from './session-cache';
import { SessionThreadData, SessionThreadReply, SessionThreadRequest, WireTensor } from './session-thread-protocol';

const { file, provider, threads } = workerData as SessionThreadData;
const port = parentPort as NonNullable<typeof parentPort>;
const post = (reply: SessionThreadReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
const replicas = new Map<number, CacheReplica>();
const tensors = (wire: Record<string, WireTensor>) =>
  Object.fromEntries(Object.entries(wire).map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)]));
let lora: Record<string, ort.Tensor> = {};
/** Runs ahead asked to end after their step in hand. */
const halted = new Set<number>();
/** Runs end in the order of their ids: a halt for this one or an earlier one came too late. */
let endedUpTo = 0;

async function run(session: ort.InferenceSession, request: Extract<SessionThreadRequest, { kind: 'run' }>): Promise<void> {
  if (request.lora) lora = tensors(request.lora);
  const feeds = { ...tensors(request.feeds), ...lora };
  const spec = request.replica;
  let replica: CacheReplica | undefined;
  if (spec) {
    replica = replicas.get(spec.id) ?? new CacheReplica(spec.shape);
    replicas.set(spec.id, replica);
    replica.apply(spec.ops);
    if (spec.cacheRows !== undefined) replica.feedCache(feeds, spec.cacheRows);
  }
  const ahead = request.ahead && spec && replica ? new AheadStepper(request.ahead) : undefined;
  for (;;) {
    const { outputs, moved } = await runOnce(session, feeds, spec, replica);
    if (!ahead || !spec || !replica) {
      post({ kind: 'result', id: request.id, outputs }, moved);
      if (spec?.appendAt) replica?.apply([{ op: 'append', columns: spec.appendAt }]);
      break;
    }
    // Drawn before the logits move to the owning thread.
    const drawn = ahead.draw(outputs[LOGITS]);
    takeWaitingMessages();
    const last = drawn.last || halted.has(request.id);
    post({ kind: 'result', id: request.id, outputs, ahead: { token: drawn.token, last } }, moved);
    if (last) break;
    ahead.advance(feeds, replica, drawn.token);
  }
  halted.delete(request.id);
  endedUpTo = request.id;
  takeNextRunIfPosted();
}

/** One session run; the replica keeps what its decoder's next copies need, and the rest of the outputs can move. */
async function runOnce(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, spec?: ReplicaRun, replica?: CacheReplica) {
  const results = await session.run(feeds);
  const outputs = Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, tensor.data as Float32Array]));
  /** The buffers the replica keeps for the copies its decoder records after this run: they cross as copies. */
  const kept = new Set<ArrayBufferLike>();
  if (spec && replica) {
    const { cacheKeys, cacheValues, newKeys, newValues } = spec.shape;
    const past = { keys: cacheKeys.map((name) => feeds[name]), values: cacheValues.map((name) => feeds[name]) };
    const [keys, values] = [newKeys.map((name) => outputs[name]), newValues.map((name) => outputs[name])];
    replica.keep(past, keys, values);
    for (const data of [...keys, ...values]) kept.add(data.buffer);
  }
  // The rest (the logits: batch × vocab floats a step) moves to the owning thread rather than being copied twice
  // (serialized here, deserialized there). A shared buffer could not move (none comes from onnxruntime).
  const movable = (buffer: ArrayBufferLike): buffer is ArrayBuffer => buffer instanceof ArrayBuffer && !kept.has(buffer);
  return { outputs, moved: [...new Set(Object.values(outputs).map((data) => data.buffer).filter(movable))] };
}

/**
 * After posting a result, how long this thread polls for the next run before it sleeps. The owning thread posts the
 * next decode step within tens of microseconds of a result (BatchScheduler steps ahead), and waking a sleeping thread
 * costs more than that: on the 2-core machines polling cut the engine's time per token at one stream by 8% (its
 * overhead over the runtime's own generate() 22% -> 12%, `bench:serve -- --engine-step`). Bounded, so a thread with
 * no next step wastes at most this much once.
 */
const POLL_FOR_NEXT_MS = 0.15;
let onMessage: (request: SessionThreadRequest) => void = () => undefined;

/** Handles what was posted meanwhile (a halt at once; anything else queues behind the run in hand). */
function takeWaitingMessages(): void {
  for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) onMessage(received.message as SessionThreadRequest);
}

function takeNextRunIfPosted(): void {
  const until = performance.now() + POLL_FOR_NEXT_MS;
  while (performance.now() < until) {
    const received = receiveMessageOnPort(port);
    if (received) return onMessage(received.message as SessionThreadRequest);
  }
}

sessionCache.get(file, provider, threads).then(
  (session) => {
    let queue = Promise.resolve();
    onMessage = (request: SessionThreadRequest) => {
      if (request.kind === 'halt') {
        if (request.id > endedUpTo) halted.add(request.id);
        return;
      }
      if (request.kind === 'release') {
        queue = queue.then(() => void replicas.delete(request.replicaId));
        return;
      }
      if (request.kind === 'close') {
        // Ending with the session released and no run in hand: terminating mid-run can abort the process.
        queue = queue.then(async () => {
          await sessionCache.clear();
          port.close();
        });
        return;
      }
      queue = queue.then(() => run(session, request).catch((error: Error) => post({ kind: 'failed', id: request.id, message: error.message })));
    };
    port.on('message', onMessage);
    post({ kind: 'ready', inputMetadata: [...session.inputMetadata] });
  },
  (error: Error) => post({ kind: 'failed', message: error.message }),
);
