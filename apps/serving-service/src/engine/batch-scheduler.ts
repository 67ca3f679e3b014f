import { BatchedDecoder, PreemptedSequence, PrefixCache, SequenceRequest, TokenEvent } from '@llmchain/model-runtime';
import { GENERATED_TOKEN_COST, PROMPT_TOKEN_COST, TenantFairQueue, TenantShare } from './tenant-fair-queue';

export interface SchedulerLimits {
  maxBatchSize: number;
  maxQueuedRequests: number;
  maxQueuedTokens: number;
  /** Prompt tokens to compute (less what the prefix cache holds) between two decode steps (at least one request is always admitted). */
  prefillTokensPerStep: number;
  /**
   * While a batch runs, waiting requests join every this many decode steps rather than at each one: every join is
   * a prefill run of its own, so requests that arrive a few milliseconds apart are prefilled together.
   */
  joinEverySteps: number;
  /**
   * Key/value cache positions (prompt and generated tokens) the running sequences may hold in all. Past it, the
   * most recently admitted sequence is preempted: it leaves the batch and waits at the head of its tenant's queue to
   * have its cache recomputed, rather than anything failing. A lone sequence always runs. Absent: no bound.
   */
  kvCachePositions?: number;
  /**
   * Decode steps a lone sequence may run on the model's thread without coming back to this one (each token drawn
   * there; BatchedDecoder.step's aheadSteps) while no request waits: a request that arrives meanwhile has the run
   * end after the step in hand, and joins after it. 1 (the default): every step comes back.
   */
  runAheadSteps?: number;
  /**
   * Asked before every decode step: a promise to wait for first (metering that must catch up), or undefined to
   * step at once.
   */
  beforeStep?: () => Promise<void> | undefined;
}

/** Per busy tenant, what it has in one model's scheduler. */
export interface TenantOccupancy {
  tenantId: string;
  waiting: number;
  running: number;
  /** Positions its running sequences hold in the batch's key/value cache (prompt and generated tokens). */
  cachedTokens: number;
}

/** What a caller hears about its sequence: each token (the last one carries finishReason), or a failure. */
export interface GenerationListener {
  /** The sequence left the queue for the batch after waiting this long. */
  onAdmitted?(queuedMs: number): void;
  onToken(event: TokenEvent): void;
  onError(error: Error): void;
}

export interface GenerationHandle {
  /** Stops the sequence now: it leaves the queue, or the running batch before the next step. */
  cancel(): void;
}

/**
 * Why a running sequence left the batch to resume later (a bounded label set in /metrics): its keys and values and
 * the others' outgrew the key/value cache budget.
 */
export type PreemptionReason = 'kv_cache_budget';

export class QueueFullError extends Error {
  constructor(readonly reason: 'requests' | 'tokens') {
    super(`the model's queue is full (${reason}); retry shortly`);
    this.name = 'QueueFullError';
  }
}

interface Job {
  request: SequenceRequest;
  listener: GenerationListener;
  share: TenantShare;
  /** prompt + max new tokens: what the job may cost, counted against the queue's token bound. */
  cost: number;
  queuedAt: number;
  /** Order of admission: the latest admitted is preempted first. */
  admission?: number;
  /** Set while it waits to resume after a preemption. */
  preempted?: PreemptedSequence;
  sequenceId?: number;
  generated: number;
  finished: boolean;
}

/**
 * Continuous batching over one model's BatchedDecoder: waiting requests join the running batch between decode
 * steps (their prompts prefilled together, a bounded number of prompt tokens per step so running streams keep
 * moving), finished and cancelled ones leave it, and the queue in front is bounded by requests and by tokens.
 * Who joins next is the tenants' weighted fair queue's choice (TenantFairQueue), charged with every prompt and
 * generated token, within each tenant's concurrency limit.
 */
export class BatchScheduler {
  private readonly pending = new TenantFairQueue<Job>();
  private readonly active = new Map<number, Job>();
  private pendingTokens = 0;
  private running = false;
  private stepsSinceJoin = 0;
  private admissions = 0;
  private readonly preemptionCounts: Record<PreemptionReason, number> = { kv_cache_budget: 0 };

  private decoder: BatchedDecoder;

  constructor(
    private readonly newDecoder: () => BatchedDecoder,
    private readonly limits: SchedulerLimits,
    /** The prefix cache newDecoder's decoders share, if any (for its figures in /metrics). */
    readonly prefixCache?: PrefixCache,
  ) {
    this.decoder = newDecoder();
  }

  get queueDepth(): number {
    return this.pending.size;
  }

  /** Per busy tenant: its waiting and running sequences and the cache positions they hold. */
  tenantOccupancy(): TenantOccupancy[] {
    const cached = new Map<string, number>();
    for (const job of this.active.values()) {
      const id = job.share.tenantId;
      cached.set(id, (cached.get(id) ?? 0) + heldPositions(job));
    }
    return [...this.pending.occupancy()].map((tenant) => ({ ...tenant, cachedTokens: cached.get(tenant.tenantId) ?? 0 }));
  }

  get batchSize(): number {
    return this.active.size;
  }

  /** Nothing waits and nothing runs: work started now takes nothing from anyone. */
  get idle(): boolean {
    return this.pending.size === 0 && this.active.size === 0;
  }

  /** Sequences preempted so far, by reason. */
  get preemptions(): Readonly<Record<PreemptionReason, number>> {
    return this.preemptionCounts;
  }

  /** Queues a tenant's sequence; throws QueueFullError past the queue's bounds. */
  submit(request: SequenceRequest, listener: GenerationListener, share: TenantShare): GenerationHandle {
    const cost = request.prompt.length + request.maxNewTokens;
    if (this.pending.size >= this.limits.maxQueuedRequests) throw new QueueFullError('requests');
    if (this.pending.size > 0 && this.pendingTokens + cost > this.limits.maxQueuedTokens) throw new QueueFullError('tokens');
    const job: Job = { request, listener, share, cost, queuedAt: performance.now(), generated: 0, finished: false };
    this.pending.push(job);
    this.pendingTokens += cost;
    // It joins once the steps run ahead are handed out: no more of them than the one in hand.
    this.decoder.haltRunAhead();
    this.kick();
    return { cancel: () => this.cancel(job) };
  }

  /** Fails every queued and running sequence (shutdown, unload). */
  abortAll(reason: Error): void {
    this.abortWhere(() => true, reason);
  }

  /** Fails the queued and running sequences `matches` picks (those of an adapter unloaded from under them). */
  abortWhere(matches: (request: SequenceRequest) => boolean, reason: Error): void {
    for (const job of [...this.pending.waiting(), ...this.active.values()]) {
      if (!matches(job.request)) continue;
      this.cancel(job);
      job.listener.onError(reason);
    }
  }

  private cancel(job: Job): void {
    if (job.finished) return;
    job.finished = true;
    if (this.pending.remove(job)) {
      this.pendingTokens -= job.cost;
    } else if (job.sequenceId !== undefined && this.active.delete(job.sequenceId)) {
      this.pending.release(job);
      this.decoder.removeSequence(job.sequenceId);
    }
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    let next: Promise<TokenEvent[]> | undefined;
    try {
      while (next || this.pending.peek() || this.active.size > 0) {
        if (!next) {
          // Steps run ahead are handed out before the batch changes.
          if (!this.decoder.runningAhead) {
            await this.admit();
            if (this.active.size === 0) continue;
            this.preemptOverBudget();
          }
          for (let wait = this.limits.beforeStep?.(); wait; wait = this.limits.beforeStep?.()) await wait;
          next = this.decoder.step(this.aheadSteps());
        }
        const events = await next;
        // The next step starts before this one's tokens go out, so what their listeners do (streams, metering)
        // overlaps the run when the model is on a worker thread.
        next = this.mayStepAhead(events.length) ? this.decoder.step(this.aheadSteps()) : undefined;
        this.dispatch(events);
      }
    } catch (error) {
      void next?.catch(() => undefined);
      // A failed session run leaves the decoder's cache unknown: fail what ran and start over with a fresh one.
      for (const job of this.active.values()) {
        job.finished = true;
        this.pending.release(job);
        job.listener.onError(error as Error);
      }
      this.active.clear();
      this.decoder.close();
      this.decoder = this.newDecoder();
    } finally {
      this.running = false;
      if (this.pending.peek()) this.kick();
    }
  }

  /**
   * Moves waiting requests into the batch in the fair queue's order, within the batch size, the tenants'
   * concurrency limits and the per-step prefill budget. A tenant with nothing in the batch joins at the next step
   * rather than the next join point: its time to first token should not depend on another tenant's load.
   */
  private async admit(): Promise<void> {
    const joinPoint = ++this.stepsSinceJoin >= this.limits.joinEverySteps;
    if (this.active.size > 0 && !joinPoint && !this.pending.hasNewcomer()) return;
    this.stepsSinceJoin = 0;
    const admitted: Job[] = [];
    let promptTokens = 0;
    let held = this.heldPositions();
    for (let next = this.pending.peek(); next && this.active.size + admitted.length < this.limits.maxBatchSize; next = this.pending.peek()) {
      // What the prefill will compute: the prompt (and what a preempted sequence generated) less what the prefix cache holds of it.
      const tokens = next.preempted?.tokens ?? next.request.prompt;
      const computed = tokens.length - (this.prefixCache?.cachedLength(tokens, next.request.adapter) ?? 0);
      if (admitted.length > 0 && promptTokens + computed > this.limits.prefillTokensPerStep) break;
      // Room for it and for every sequence to grow until the next join point, so it is not preempted at once.
      const growth = (this.active.size + admitted.length + 1) * this.limits.joinEverySteps;
      if (this.active.size + admitted.length > 0 && held + tokens.length + growth > this.kvCachePositions) break;
      held += tokens.length;
      this.pending.admit(next);
      next.admission = ++this.admissions;
      this.pending.charge(next.share.tenantId, computed * PROMPT_TOKEN_COST);
      this.pendingTokens -= next.cost;
      promptTokens += computed;
      admitted.push(next);
      if (!next.preempted) next.listener.onAdmitted?.(performance.now() - next.queuedAt);
    }
    if (admitted.length === 0) return;
    let firsts: TokenEvent[];
    try {
      firsts = await this.decoder.addSequences(admitted.map((job) => job.preempted ?? job.request));
      for (const job of admitted) job.preempted = undefined;
    } catch (error) {
      for (const job of admitted) {
        if (!job.finished) job.listener.onError(error as Error);
        job.finished = true;
        this.pending.release(job);
      }
      return;
    }
    firsts.forEach((event, i) => {
      const job = admitted[i];
      if (job.finished) {
        // Cancelled while its prompt was being prefilled.
        this.pending.release(job);
        if (!event.finishReason) this.decoder.removeSequence(event.sequenceId);
        return;
      }
      job.sequenceId = event.sequenceId;
      this.active.set(event.sequenceId, job);
    });
    this.dispatch(firsts);
  }

  /**
   * Whether the next decode step may start before `handedOut` tokens (of as many sequences) are dispatched: not when
   * waiting requests are due to join, metering must catch up first, or the step would need a preemption.
   */
  private mayStepAhead(handedOut: number): boolean {
    if (this.decoder.activeCount === 0) return false;
    // Steps run ahead are handed out whatever waits (nothing may change the batch before), and count toward the join point.
    const ahead = this.decoder.runningAhead;
    if (!ahead && this.pending.peek() && (this.stepsSinceJoin + 1 >= this.limits.joinEverySteps || this.pending.hasNewcomer())) return false;
    if (this.limits.beforeStep?.()) return false;
    if (!ahead && this.heldPositions() + handedOut > this.kvCachePositions) return false;
    this.stepsSinceJoin++;
    return true;
  }

  /** How far the decoder may run ahead from the next step: not while anyone waits to join. */
  private aheadSteps(): number {
    return this.pending.peek() ? 1 : (this.limits.runAheadSteps ?? 1);
  }

  private get kvCachePositions(): number {
    return this.limits.kvCachePositions ?? Infinity;
  }

  private heldPositions(): number {
    let held = 0;
    for (const job of this.active.values()) held += heldPositions(job);
    return held;
  }

  /**
   * While the running sequences' next step would take more cache positions than the budget, preempts the latest
   * admitted (vLLM's choice: the earliest arrivals keep their progress) back to the head of its tenant's queue.
   */
  private preemptOverBudget(): void {
    while (this.active.size > 1 && this.heldPositions() > this.kvCachePositions) {
      let latest: Job | undefined;
      for (const job of this.active.values()) if (!latest || (job.admission ?? 0) > (latest.admission ?? 0)) latest = job;
      const job = latest as Job;
      this.active.delete(job.sequenceId as number);
      job.preempted = this.decoder.preemptSequence(job.sequenceId as number);
      job.sequenceId = undefined;
      this.pending.release(job);
      this.pending.pushFront(job);
      this.pendingTokens += job.cost;
      this.preemptionCounts.kv_cache_budget++;
    }
  }

  private dispatch(events: TokenEvent[]): void {
    for (const event of events) {
      const job = this.active.get(event.sequenceId);
      if (!job) continue;
      job.generated++;
      this.pending.charge(job.share.tenantId, GENERATED_TOKEN_COST);
      if (event.finishReason) {
        this.active.delete(event.sequenceId);
        this.pending.release(job);
        job.finished = true;
      }
      job.listener.onToken(event);
    }
  }
}

/** Cache positions a sequence holds once its next token is fed: its prompt and every token it generated. */
const heldPositions = (job: Job): number => job.request.prompt.length + job.generated;
