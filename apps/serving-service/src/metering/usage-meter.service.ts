import { ROOT_LOGGER } from '@llmchain/platform';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { RequestUsage, UsageRecorder } from './usage-recorder.service';
import { UsageReservationsRepository } from './usage-reservations.repository';
import { ServingInstance } from './serving-instance.service';

interface OpenRequest {
  /** The counts so far. */
  usage: RequestUsage;
  /** Completion tokens the database holds for it; 0 while it has no row. */
  persisted: number;
  /** The last flush that wrote it, which its settle must follow (settled either way). */
  written: Promise<void>;
}

/**
 * Reserve-then-settle metering of running requests, so a process killed mid-generation still bills what it
 * generated. Every running request of this process has a usage_reservations row with its counts as of the last
 * flush: one flush writes every request that changed in one statement (creating the rows of new ones), and is due
 * at once when a request starts, when one has USAGE_FLUSH_TOKENS (N) tokens the database lacks, and every
 * USAGE_FLUSH_MS anyway; at most one runs at a time. When the request ends, the reservation gives way to its usage
 * record in one statement (UsageRecorder.settle), after any flush that wrote it.
 *
 * The bound: the batch does not take its next decode step while a request is 2N or more tokens ahead of its
 * persisted count (see `backlog`), so a SIGKILL leaves unbilled fewer than 2N + n tokens of a request with n
 * choices, and its prompt too if its first write had not landed. A database that refuses writes lifts the stall
 * (serving goes on, unbounded) until a flush succeeds again.
 */
@Injectable()
export class UsageMeter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly open = new Map<string, OpenRequest>();
  private flushing?: Promise<void>;
  private flushAgain = false;
  /** The last write failed: stalling the batch for it would stop serving while the database is down. */
  private failing = false;
  /**
   * Ended requests whose settle failed (the database was restarting, say). Their reservations stay behind them, owned
   * by this live process, so no orphan sweep would ever settle them: each flush tries them again until recorded.
   */
  private readonly unsettled = new Map<string, RequestUsage>();
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
    await this.settleLeftovers();
  }

  /** A request produced its first token: its reservation is written with the next flush, started now. */
  reserve(usage: RequestUsage): void {
    this.open.set(usage.requestId, { usage: { ...usage }, persisted: 0, written: Promise.resolve() });
    this.flushSoon();
  }

  /** The request's completion tokens so far (all choices). */
  progress(requestId: string, completionTokens: number): void {
    const request = this.open.get(requestId);
    if (!request) return;
    request.usage.completionTokens = completionTokens;
    if (completionTokens - request.persisted >= this.config.USAGE_FLUSH_TOKENS) this.flushSoon();
  }

  /**
   * What the batch waits for before its next step: the writes that bring every request back under 2N unpersisted
   * tokens; undefined (the usual case) when none is that far behind or the database is failing.
   */
  backlog(): Promise<void> | undefined {
    if (this.failing) return undefined;
    const cap = 2 * this.config.USAGE_FLUSH_TOKENS;
    for (const request of this.open.values()) {
      if (request.usage.completionTokens - request.persisted >= cap) {
        this.flushSoon();
        return this.flushing;
      }
    }
    return undefined;
  }

  /**
   * The request ended: its final usage replaces its reservation, once no flush of it is in flight. A settle the
   * database refuses is kept and retried with the flushes: the tokens were served, so the request still succeeds.
   */
  async settle(usage: RequestUsage): Promise<void> {
    const request = this.open.get(usage.requestId);
    this.open.delete(usage.requestId);
    await request?.written;
    try {
      await this.recorder.settle(usage);
    } catch (err) {
      this.unsettled.set(usage.requestId, usage);
      this.logger.warn({ err, requestId: usage.requestId }, "could not record a finished request's usage; retrying at the next flush");
    }
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
    await this.settleLeftovers();
    const due = [...this.open.values()].filter((r) => r.usage.completionTokens > r.persisted);
    if (due.length === 0) return;
    const usages = due.map((r) => ({ ...r.usage }));
    const write = this.reservations.write(this.instance.id, usages);
    const written = write.then(
      () => undefined,
      () => undefined,
    );
    for (const request of due) request.written = written;
    try {
      await write;
      due.forEach((request, i) => (request.persisted = Math.max(request.persisted, usages[i].completionTokens)));
      this.failing = false;
    } catch (err) {
      this.failing = true;
      this.logger.warn({ err, requests: due.length }, 'could not write usage reservations; retrying at the next flush');
    }
  }

  /** Settles what earlier settles could not, oldest first; stops at the first refusal (the database is still away). */
  private async settleLeftovers(): Promise<void> {
    for (const [requestId, usage] of this.unsettled) {
      try {
        await this.recorder.settle(usage);
      } catch {
        return;
      }
      this.unsettled.delete(requestId);
    }
  }
}
