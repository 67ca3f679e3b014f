import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { GptConfig } from '../../model/config';
import { SpecialTokenIds } from '../model-directory/hf-config';
import { readModelConfig } from '../model-directory/model-directory';
import { LoadOptions } from '../session/load-options';
import { DecodeRun, EngineCache, PrefillRun, RowExtent, RowPlacement, StepEngine } from './step-engine';
import { CacheOp, StepWorkerData, StepWorkerReply, StepWorkerRequest, UnnumberedRequest } from './step-worker-protocol';

/** A graph run on the worker thread failed there; the message is the worker's. */
export class StepWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepWorkerError';
  }
}

type Pending = { resolve: (logits: Float32Array | undefined) => void; reject: (error: Error) => void };

/**
 * The decoder-step graph on a worker thread of its own, with the caches of every BatchedDecoder built on it:
 * a run no longer blocks this thread, so a service keeps answering HTTP, writing streams and metering while the
 * model computes (on another core when there is one). Runs and cache layout changes travel as messages; only
 * inputs and logits cross, never the cache. A worker that dies fails the calls in flight and is started again at
 * the next call; the caches it held are gone, so a decoder that saw a failure is replaced, not reused.
 */
export class ThreadedStepEngine implements StepEngine {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextRequest = 1;
  private nextCache = 1;
  private closed = false;

  private constructor(
    readonly config: GptConfig,
    readonly tokens: SpecialTokenIds,
    private readonly data: StepWorkerData,
  ) {}

  /** Starts the worker and waits until it has loaded the model directory's decoder-step graph. */
  static async start(dir: string, options: LoadOptions = {}): Promise<ThreadedStepEngine> {
    const { config, tokens } = readModelConfig(dir);
    const engine = new ThreadedStepEngine(config, tokens, { dir, options });
    try {
      await engine.request({ kind: 'ready' });
    } catch (error) {
      await engine.close();
      throw error;
    }
    return engine;
  }

  createCache(): EngineCache {
    return new ThreadedEngineCache(this, this.nextCache++);
  }

  /** Stops the worker; calls in flight and later ones fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failPending(new StepWorkerError('the step engine was closed'));
    await worker?.terminate();
  }

  request(message: UnnumberedRequest): Promise<Float32Array | undefined> {
    if (this.closed) return Promise.reject(new StepWorkerError('the step engine was closed'));
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const worker = this.ensureWorker();
      // Referenced only while a reply is awaited: an idle engine does not keep the process alive.
      worker.ref();
      worker.postMessage({ ...message, id } as StepWorkerRequest);
    });
  }

  post(message: StepWorkerRequest): void {
    if (!this.closed) this.worker?.postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(__dirname, 'step-worker.ts'), {
      workerData: this.data,
      // The worker is TypeScript: it needs the same on-the-fly compiler as the services and scripts.
      execArgv: ['-r', '@swc-node/register'],
    });
    worker.on('message', (reply: StepWorkerReply) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.error !== undefined) pending?.reject(new StepWorkerError(reply.error));
      else pending?.resolve(reply.logits);
    });
    const lost = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failPending(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new StepWorkerError(`the step worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(error);
  }
}

/** A decoder's cache on the worker: layout changes wait here and go out with the next run. */
class ThreadedEngineCache implements EngineCache {
  slots = 0;
  capacity = 0;
  private ops: CacheOp[] = [];

  constructor(
    private readonly engine: ThreadedStepEngine,
    private readonly cacheId: number,
  ) {}

  relayout(slots: number, capacity: number, rows: RowExtent[]): void {
    this.ops.push({ op: 'relayout', slots, capacity, rows });
    this.slots = slots;
    this.capacity = capacity;
  }

  moveRow(from: number, to: number, length: number): void {
    this.ops.push({ op: 'move', from, to, length });
  }

  async prefill(run: PrefillRun, placements: RowPlacement[]): Promise<Float32Array> {
    return (await this.engine.request({ kind: 'prefill', cacheId: this.cacheId, ops: this.takeOps(), run, placements })) as Float32Array;
  }

  async step(run: DecodeRun): Promise<Float32Array> {
    return (await this.engine.request({ kind: 'step', cacheId: this.cacheId, ops: this.takeOps(), run })) as Float32Array;
  }

  release(): void {
    this.engine.post({ kind: 'release', cacheId: this.cacheId });
  }

  private takeOps(): CacheOp[] {
    const ops = this.ops;
    this.ops = [];
    return ops;
  }
}
