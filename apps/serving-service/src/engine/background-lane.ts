import { BatchScheduler, GenerationHandle, GenerationListener } from './batch-scheduler';

/** How often a lane with waiting sequences looks for spare capacity (a freed slot is not announced). */
const SPARE_CAPACITY_POLL_MS = 20;

type Waiting = { args: Parameters<BatchScheduler['submit']>; handle?: GenerationHandle; cancelled: boolean; admitted: boolean };

/**
 * The Batch API's background priority class in front of one model's scheduler: its sequences are handed to the
 * scheduler only from spare capacity, when no interactive request waits there and the batch has a free slot, so
 * interactive requests never queue behind them (at most one join's worth of them is ever waiting in the scheduler,
 * and none while an interactive request is). The lane's own queue is bounded by the batch runner's concurrency.
 * Batch work that does not go through the scheduler (embeddings) waits for the same spare capacity (`whenSpare`).
 */
export class BackgroundLane {
  private readonly waiting: Waiting[] = [];
  /** Handed to the scheduler and not yet joined the batch: the scheduler's queue holds these beside interactive ones. */
  private readonly queued = new Set<Waiting>();
  private readonly spareWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly scheduler: BatchScheduler,
    private readonly maxBatchSize: number,
  ) {}

  /** Same arguments and handle as BatchScheduler.submit. */
  submit(...args: Parameters<BatchScheduler['submit']>): GenerationHandle {
    const entry: Waiting = { args, cancelled: false, admitted: false };
    this.waiting.push(entry);
    this.drain();
    return {
      cancel: () => {
        entry.cancelled = true;
        this.leave(entry);
        entry.handle?.cancel();
      },
    };
  }

  /** Resolves once no interactive request waits and the batch has a free slot. */
  whenSpare(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.spareWaiters.push({ resolve, reject });
      this.drain();
    });
  }

  /** Fails the sequences still in the lane (the process is stopping); those handed over fail with the scheduler's. */
  abortAll(reason: Error): void {
    for (const waiter of this.spareWaiters.splice(0)) waiter.reject(reason);
    for (const entry of this.waiting.splice(0)) {
      entry.cancelled = true;
      entry.args[1].onError(reason);
    }
    this.stopPolling();
  }

  private drain(): void {
    const interactiveWaiting = this.scheduler.queueDepth - this.queued.size;
    let free = this.maxBatchSize - this.scheduler.batchSize - this.scheduler.queueDepth;
    if (interactiveWaiting === 0 && free > 0) for (const waiter of this.spareWaiters.splice(0)) waiter.resolve();
    while (interactiveWaiting === 0 && free > 0 && this.waiting.length > 0) {
      this.handOver(this.waiting.shift() as Waiting);
      free--;
    }
    if (this.waiting.length > 0 || this.spareWaiters.length > 0) this.timer ??= setInterval(() => this.drain(), SPARE_CAPACITY_POLL_MS);
    else this.stopPolling();
  }

  private handOver(entry: Waiting): void {
    const [request, listener, ...rest] = entry.args;
    const joined = () => {
      if (entry.admitted) return;
      entry.admitted = true;
      this.queued.delete(entry);
    };
    const tracked: GenerationListener = {
      ...listener,
      onToken: (event) => {
        joined();
        listener.onToken(event);
      },
      onError: (error) => {
        joined();
        listener.onError(error);
      },
    };
    this.queued.add(entry);
    try {
      entry.handle = this.scheduler.submit(request, tracked, ...rest);
    } catch (error) {
      this.queued.delete(entry);
      listener.onError(error as Error);
    }
  }

  private leave(entry: Waiting): void {
    const index = this.waiting.indexOf(entry);
    if (index >= 0) this.waiting.splice(index, 1);
    this.queued.delete(entry);
  }

  private stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
