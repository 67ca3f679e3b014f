import { once } from 'node:events';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { ModelThreadError } from '../errors';
import { ReplicaRun } from '../generation/cache-replica';
import { AheadSteps, RunAheadPlan } from '../generation/run-ahead';
import { AheadReplies } from './ahead-replies';
import { GraphOutputs, GraphRunner } from './graph-runner';
import { SessionThreadData, SessionThreadReply, SessionThreadRequest, WireTensor } from './session-thread-protocol';

/** How long a closing thread may take to finish its run in hand and release its session. */
const CLOSE_TIMEOUT_MS = 10_000;

type Pending = { resolve: (outputs: GraphOutputs) => void; reject: (error: Error) => void } | AheadReplies<GraphOutputs>;
type Started = { worker: Worker; inputMetadata: ort.InferenceSession.ValueMetadata[] };

/**
 * A decoder-step graph's session on a worker thread of its own (one copy of the weights, there): a run no longer
 * blocks this thread, so HTTP, streaming and metering go on while the model computes on another core. Feeds and
 * outputs cross; a decoder's key/value cache does not: the worker keeps a replica of it (CacheReplica), changed by
 * the decoder's journal sent with each run. LoRA inputs cross only when the batch's adapters change (the worker keeps
 * the last ones). A worker that dies fails the runs in flight with ModelThreadError, and takes the replicas with it
 * (their decoders are replaced); it is started again at the next run.
 */
export class SessionThread implements GraphRunner {
  readonly keepsCacheReplicas = true;
  private started?: Promise<Started>;
  /** The started worker, once its session is open: a run is posted to it at once, not a microtask later. */
  private ready?: Worker;
  /** The LoRA inputs the worker holds, and which worker (a restarted one holds none). */
  private sentLora?: { feeds: Record<string, ort.Tensor>; worker: Worker };
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly data: SessionThreadData,
    readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[],
  ) {}

  /** Starts the worker and waits until its session is open; rejects with the reason it could not open. */
  static async start(data: SessionThreadData): Promise<SessionThread> {
    const first = startWorker(data);
    const { inputMetadata } = await first;
    const thread = new SessionThread(data, inputMetadata);
    thread.adopt(first);
    return thread;
  }

  async run(feeds: Record<string, ort.Tensor>, lora: Record<string, ort.Tensor>, replica?: ReplicaRun): Promise<GraphOutputs> {
    return new Promise<GraphOutputs>((resolve, reject) => void this.post(feeds, lora, { resolve, reject }, replica).catch(reject));
  }

  /** A decode step the worker follows with `plan.steps - 1` more of its own (RunAheadPlan), each result as it comes. */
  runAhead(feeds: Record<string, ort.Tensor>, lora: Record<string, ort.Tensor>, replica: ReplicaRun, plan: RunAheadPlan): AheadSteps<GraphOutputs> {
    let posted: { id: number; worker: Worker } | undefined;
    const replies = new AheadReplies<GraphOutputs>(() => posted?.worker.postMessage({ kind: 'halt', id: posted.id } satisfies SessionThreadRequest));
    this.post(feeds, lora, replies, replica, plan).then(
      (to) => (posted = to),
      (error: Error) => replies.reject(error),
    );
    return replies;
  }

  /** Posts a run to the worker (started if need be); resolves with its id and the worker it went to. */
  private async post(
    feeds: Record<string, ort.Tensor>,
    lora: Record<string, ort.Tensor>,
    pending: Pending,
    replica?: ReplicaRun,
    ahead?: RunAheadPlan,
  ): Promise<{ id: number; worker: Worker }> {
    if (this.closed) throw new ModelThreadError('it was closed');
    // Synchronously when the worker is up: a decoder's caller (the scheduler) asks for the next step just before it
    // hands out the last one's tokens, and the run should be computing meanwhile.
    const worker = this.ready ?? (await (this.started ?? this.adopt(startWorker(this.data)))).worker;
    const id = this.nextId++;
    const resend = this.sentLora?.feeds !== lora || this.sentLora.worker !== worker;
    this.sentLora = { feeds: lora, worker };
    this.pending.set(id, pending);
    // Referenced only while a run is awaited: an idle model does not keep the process alive.
    worker.ref();
    worker.postMessage({ kind: 'run', id, feeds: wire(feeds), lora: resend ? wire(lora) : undefined, replica, ahead } satisfies SessionThreadRequest);
    return { id, worker };
  }

  releaseReplica(id: number): void {
    void this.started?.then(({ worker }) => worker.postMessage({ kind: 'release', replicaId: id } satisfies SessionThreadRequest)).catch(() => undefined);
  }

  /**
   * Ends the thread once its run in hand is done (its caller is told the thread was closed at once): a worker
   * terminated in the middle of an onnxruntime run can abort the whole process. One that does not end in time is
   * terminated.
   */
  async close(): Promise<void> {
    this.closed = true;
    const started = this.started;
    this.started = undefined;
    this.ready = undefined;
    this.failPending(new ModelThreadError('it was closed'));
    const worker = await started?.then(({ worker }) => worker).catch(() => undefined);
    if (!worker) return;
    const exited = once(worker, 'exit').then(() => true);
    worker.postMessage({ kind: 'close' } satisfies SessionThreadRequest);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS)));
    const ended = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (!ended) await worker.terminate();
  }

  /** Makes a starting worker this thread's: its replies settle runs, and its end fails them. */
  private adopt(starting: Promise<Started>): Promise<Started> {
    this.started = starting;
    starting.then(
      ({ worker }) => {
        worker.unref();
        if (this.started === starting) this.ready = worker;
        worker.on('message', (reply: SessionThreadReply) => this.settle(worker, reply));
        const lost = (detail: string) => {
          if (this.started !== starting) return;
          this.started = undefined;
          this.ready = undefined;
          this.failPending(new ModelThreadError(detail));
        };
        worker.on('error', (error) => lost(error.message));
        worker.on('exit', (code) => lost(`it exited with code ${code}; the runs in flight were lost`));
      },
      () => {
        if (this.started === starting) this.started = undefined;
      },
    );
    return starting;
  }

  private settle(worker: Worker, reply: SessionThreadReply): void {
    if (reply.kind === 'ready' || reply.id === undefined) return;
    const pending = this.pending.get(reply.id);
    const more = reply.kind === 'result' && reply.ahead && !reply.ahead.last;
    if (!more) this.pending.delete(reply.id);
    if (this.pending.size === 0) worker.unref();
    if (!pending) return;
    if (reply.kind === 'failed') pending.reject(new ModelThreadError(reply.message));
    else if (!(pending instanceof AheadReplies)) pending.resolve(reply.outputs);
    // A run ahead's every result carries its mark; one without ends it (and its draw cannot match).
    else pending.push({ outputs: reply.outputs, ...(reply.ahead ?? { token: -1, last: true }) });
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const run of pending) run.reject(error);
  }
}

const wire = (feeds: Record<string, ort.Tensor>): Record<string, WireTensor> =>
  Object.fromEntries(Object.entries(feeds).map(([name, tensor]) => [name, { type: tensor.type, data: tensor.data, dims: tensor.dims }]));

/** A new worker, resolved once its session is open (its first message). */
function startWorker(data: SessionThreadData): Promise<Started> {
  const worker = new Worker(path.join(__dirname, 'session-thread-worker.ts'), {
    workerData: data,
    // The worker is TypeScript: it needs the same on-the-fly compiler as the services and scripts.
    execArgv: ['-r', '@swc-node/register'],
  });
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => {
      void worker.terminate();
      reject(error);
    };
    worker.once('message', (reply: SessionThreadReply) => {
      if (reply.kind === 'ready') resolve({ worker, inputMetadata: reply.inputMetadata });
      else failed(new ModelThreadError(reply.kind === 'failed' ? reply.message : 'it answered before it was ready'));
    });
    worker.once('error', failed);
    worker.once('exit', (code) => failed(new ModelThreadError(`it exited with code ${code} while opening the model`)));
  });
}
