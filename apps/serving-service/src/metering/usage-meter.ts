import { ROOT_LOGGER } from '@llmchain/platform';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { RequestUsage, UsageRecorder } from './usage-recorder';
import { UsageReservationsRepository } from './usage-reservations.repository';
import { ServingInstance } from './serving-instance';

interface OpenRequest {
  usage: RequestUsage;
  /** Settles once the reservation row is written (or failed to be). */
  opened: Promise<void>;
  written: boolean;
  /** The first write failed: the request is settled at its end only, and never stalls the batch. */
  unrecorded: boolean;
  /** Completion tokens the database holds for it (0 until the row is written). */
  persisted: number;
}

/**
 * Reserve-then-settle metering of running requests, so a process killed mid-generation still bills what it
 * generated. A request's reservation is written at its first token and raised as tokens come: a flush is due when
 * a request has USAGE_FLUSH_TOKENS (N) tokens the database lacks, and every USAGE_FLUSH_MS anyway; one flush writes
 * every request's count in one statement, and at most one flush runs at a time. When the request ends, the
 * reservation gives way to its usage record in one transaction (UsageRecorder.settle).
 *
 * The bound: the batch does not take its next decode step while a request is 2N or more tokens ahead of its
 * persisted count (see `backlog`), so a SIGKILL leaves unbilled fewer than 2N + n tokens of a request with n
 * choices, and its prompt too if its reservation's first write had not landed. A database that refuses writes
 * lifts the stall (serving goes on, unbounded) until a flush succeeds again.
 */
@Injectable()
export class UsageMeter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly open = new Map<string, OpenRequest>();
  private flushing?: Promise<void>;
  private flushAgain = false;
  /** The last write failed: stalling the batch for it would stop serving while the database is down. */
  private failing = false;
  private timer?: NodeJS.Timeout;
  private readonly logger: Logger;

  constructor(
    private readonly reservations: UsageReservationsRepository,
    private readonly recorder: UsageRecorder,
    private readonly instance: ServingInstance,
    @Inject(SERVING_CONFIG) private readonly config: ServingConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'usage-meter' });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.flushSoon(), this.config.USAGE_FLUSH_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
  }

  /** A request produced its first token: its reservation is written now. */
  reserve(usage: RequestUsage): void {
    const request: OpenRequest = { usage: { ...usage }, written: false, unrecorded: false, persisted: 0, opened: Promise.resolve() };
    const written = { ...usage };
    request.opened = this.reservations.open(this.instance.id, written).then(
      () => {
        request.written = true;
        request.persisted = written.completionTokens;
        this.failing = false;
        if (request.usage.completionTokens - request.persisted >= this.config.USAGE_FLUSH_TOKENS) this.flushSoon();
      },
      (err: Error) => {
        this.failing = true;
        request.unrecorded = true;
        this.logger.warn({ err, requestId: usage.requestId }, 'could not write the usage reservation');
      },
    );
    this.open.set(usage.requestId, request);
  }

  /** The request's completion tokens so far (all choices). */
  progress(requestId: string, completionTokens: number): void {
    const request = this.open.get(requestId);
    if (!request) return;
    request.usage.completionTokens = completionTokens;
    if (request.written && completionTokens - request.persisted >= this.config.USAGE_FLUSH_TOKENS) this.flushSoon();
  }

  /**
   * What the batch waits for before its next step: the writes that bring every request back under 2N unpersisted
   * tokens; undefined (the usual case) when none is that far behind or the database is failing.
   */
  backlog(): Promise<void> | undefined {
    if (this.failing) return undefined;
    const cap = 2 * this.config.USAGE_FLUSH_TOKENS;
    const behind = [...this.open.values()].filter((r) => !r.unrecorded && r.usage.completionTokens - r.persisted >= cap);
    if (behind.length === 0) return undefined;
    const unwritten = behind.filter((r) => !r.written);
    if (unwritten.length > 0) return Promise.all(unwritten.map((r) => r.opened)).then(() => undefined);
    this.flushSoon();
    return this.flushing;
  }

  /** The request ended: its final usage replaces its reservation, once the reservation's own write is done. */
  async settle(usage: RequestUsage): Promise<void> {
    const request = this.open.get(usage.requestId);
    this.open.delete(usage.requestId);
    await request?.opened;
    await this.recorder.settle(usage);
  }

  private flushSoon(): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.flushAgain) {
        this.flushAgain = false;
        this.flushSoon();
      }
    });
  }

  private async flush(): Promise<void> {
    const due = [...this.open.values()].filter((r) => r.written && r.usage.completionTokens > r.persisted);
    if (due.length === 0) return;
    const counts = due.map((r) => ({ requestId: r.usage.requestId, completionTokens: r.usage.completionTokens }));
    try {
      await this.reservations.raise(counts);
      due.forEach((request, i) => (request.persisted = Math.max(request.persisted, counts[i].completionTokens)));
      this.failing = false;
    } catch (err) {
      this.failing = true;
      this.logger.warn({ err, requests: due.length }, 'could not raise usage reservations; retrying at the next flush');
    }
  }
}
