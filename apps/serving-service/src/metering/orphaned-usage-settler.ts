import { DATABASE, ReplicaLease, ROOT_LOGGER, TransactionalDb } from '@llmchain/platform';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { ServingInstancesRepository } from './serving-instances.repository';
import { UsageRecorder } from './usage-recorder.service';
import { UsageReservationsRepository } from './usage-reservations.repository';

/** Reservations settled per transaction. */
const BATCH = 100;

/**
 * Settles the reservations of processes that died mid-generation, with their last persisted counts: at start-up in
 * every process, then every ORPHAN_SWEEP_MS in one replica (ReplicaLease). Each batch is claimed (deleted) and recorded in one transaction, and
 * usage_records' key and the event id derived from the request id make a second settle of a request a no-op.
 */
@Injectable()
export class OrphanedUsageSettler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private readonly logger: Logger;

  constructor(
    @Inject(DATABASE) private readonly db: TransactionalDb,
    private readonly reservations: UsageReservationsRepository,
    private readonly instances: ServingInstancesRepository,
    private readonly recorder: UsageRecorder,
    private readonly lease: ReplicaLease,
    @Inject(SERVING_CONFIG) private readonly config: ServingConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'orphaned-usage-settler' });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sweepOnce();
    this.timer = this.lease.schedule('orphaned-usage-sweep', this.config.ORPHAN_SWEEP_MS, () => this.sweepOnce(), this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One sweep at a time per process; a failed sweep is logged and retried at the next tick. */
  private sweepOnce(): Promise<void> {
    if (this.sweeping) return this.sweeping;
    const sweeping = this.sweep().then(
      () => undefined,
      (err: Error) => this.logger.warn({ err }, 'orphaned usage sweep failed'),
    );
    this.sweeping = sweeping.finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** Settles every orphaned reservation; returns how many. */
  async sweep(): Promise<number> {
    let settled = 0;
    for (;;) {
      const batch = await this.db.$transaction(async (tx) => {
        const orphans = await this.reservations.claimOrphans(tx, this.config.ORPHAN_AFTER_MS, BATCH);
        for (const usage of orphans) await this.recorder.settleWith(tx, usage);
        return orphans;
      });
      settled += batch.length;
      if (batch.length > 0) this.logger.info({ requests: batch.map((u) => u.requestId) }, 'settled orphaned usage reservations');
      if (batch.length < BATCH) break;
    }
    await this.instances.forgetSilent(this.config.ORPHAN_AFTER_MS);
    return settled;
  }
}
