import { BatchedDecoder, SequenceRequest, TokenEvent } from '@llmchain/model-runtime';

export interface SchedulerLimits {
  maxBatchSize: number;
  maxQueuedRequests: number;
  maxQueuedTokens: number;
  /** Prompt tokens admitted between two decode steps (at least one request is always admitted). */
  prefillTokensPerStep: number;
  /**
   * While a batch runs, waiting requests join every this many decode steps rather than at each one: every join is
   * a prefill run of its own, so requests that arrive a few milliseconds apart are prefilled together.
   */
  joinEverySteps: number;
  /**
   * Asked before every decode step: a promise to wait for first (metering that must catch up), or undefined to
   * step at once.
   */
  beforeStep?: () => Promise<void> | undefined;
}

/** What a caller hears about its sequence: each token (the last one carries finishReason), or a failure. */
export interface GenerationListener {
  onToken(event: TokenEvent): void;
  onError(error: Error): void;
}

export interface GenerationHandle {
  /** Stops the sequence now: it leaves the queue, or the running batch before the next step. */
  cancel(): void;
}

export class QueueFullError extends Error {
  constructor(readonly reason: 'requests' | 'tokens') {
    super(`the model's queue is full (${reason}); retry shortly`);
    this.name = 'QueueFullError';
  }
}

interface Job {
  request: SequenceRequest;
  listener: GenerationListener;
  /** prompt + max new tokens: what the job may cost, counted against the queue's token bound. */
  cost: number;
  sequenceId?: number;
  finished: boolean;
}

/**
 * Continuous batching over one model's BatchedDecoder: waiting requests join the running batch between decode
 * steps (their prompts prefilled together, a bounded number of prompt tokens per step so running streams keep
 * moving), finished and cancelled ones leave it, and the queue in front is bounded by requests and by tokens.
 */
export class BatchScheduler {
  private readonly pending: Job[] = [];
  private readonly active = new Map<number, Job>();
  private pendingTokens = 0;
  private running = false;
  private stepsSinceJoin = 0;

  constructor(
    private readonly newDecoder: () => BatchedDecoder,
    private readonly limits: SchedulerLimits,
    private decoder = newDecoder(),
  ) {}

  get queueDepth(): number {
    return this.pending.length;
  }

  get batchSize(): number {
    return this.active.size;
  }

  /** Queues a sequence; throws QueueFullError past the queue's bounds. */
  submit(request: SequenceRequest, listener: GenerationListener): GenerationHandle {
    const cost = request.prompt.length + request.maxNewTokens;
    if (this.pending.length >= this.limits.maxQueuedRequests) throw new QueueFullError('requests');
    if (this.pending.length > 0 && this.pendingTokens + cost > this.limits.maxQueuedTokens) throw new QueueFullError('tokens');
    const job: Job = { request, listener, cost, finished: false };
    this.pending.push(job);
    this.pendingTokens += cost;
    this.kick();
    return { cancel: () => this.cancel(job) };
  }

  /** Fails every queued and running sequence (shutdown, unload). */
  abortAll(reason: Error): void {
    this.abortWhere(() => true, reason);
  }

  /** Fails the queued and running sequences `matches` picks (those of an adapter unloaded from under them). */
  abortWhere(matches: (request: SequenceRequest) => boolean, reason: Error): void {
    for (const job of [...this.pending, ...this.active.values()]) {
      if (!matches(job.request)) continue;
      this.cancel(job);
      job.listener.onError(reason);
    }
  }

  private cancel(job: Job): void {
    if (job.finished) return;
    job.finished = true;
    const index = this.pending.indexOf(job);
    if (index >= 0) {
      this.pending.splice(index, 1);
      this.pendingTokens -= job.cost;
    } else if (job.sequenceId !== undefined && this.active.delete(job.sequenceId)) {
      this.decoder.removeSequence(job.sequenceId);
    }
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while (this.pending.length > 0 || this.active.size > 0) {
        await this.admit();
        if (this.active.size === 0) continue;
        for (let wait = this.limits.beforeStep?.(); wait; wait = this.limits.beforeStep?.()) await wait;
        this.dispatch(await this.decoder.step());
      }
    } catch (error) {
      // A failed session run leaves the decoder's cache unknown: fail what ran and start over with a fresh one.
      for (const job of this.active.values()) {
        job.finished = true;
        job.listener.onError(error as Error);
      }
      this.active.clear();
      this.decoder = this.newDecoder();
    } finally {
      this.running = false;
      if (this.pending.length > 0) this.kick();
    }
  }

  /** Moves waiting requests into the batch, within the batch size and the per-step prefill budget. */
  private async admit(): Promise<void> {
    if (this.active.size > 0 && ++this.stepsSinceJoin < this.limits.joinEverySteps) return;
    this.stepsSinceJoin = 0;
    const admitted: Job[] = [];
    let promptTokens = 0;
    while (this.pending.length > 0 && this.active.size + admitted.length < this.limits.maxBatchSize) {
      const next = this.pending[0];
      if (admitted.length > 0 && promptTokens + next.request.prompt.length > this.limits.prefillTokensPerStep) break;
      this.pending.shift();
      this.pendingTokens -= next.cost;
      promptTokens += next.request.prompt.length;
      admitted.push(next);
    }
    if (admitted.length === 0) return;
    let firsts: TokenEvent[];
    try {
      firsts = await this.decoder.addSequences(admitted.map((job) => job.request));
    } catch (error) {
      for (const job of admitted) {
        job.finished = true;
        job.listener.onError(error as Error);
      }
      return;
    }
    firsts.forEach((event, i) => {
      const job = admitted[i];
      if (job.finished) {
        // Cancelled while its prompt was being prefilled.
        if (!event.finishReason) this.decoder.removeSequence(event.sequenceId);
        return;
      }
      job.sequenceId = event.sequenceId;
      this.active.set(event.sequenceId, job);
    });
    this.dispatch(firsts);
  }

  private dispatch(events: TokenEvent[]): void {
    for (const event of events) {
      const job = this.active.get(event.sequenceId);
      if (!job) continue;
      if (event.finishReason) {
        this.active.delete(event.sequenceId);
        job.finished = true;
      }
      job.listener.onToken(event);
    }
  }
}
