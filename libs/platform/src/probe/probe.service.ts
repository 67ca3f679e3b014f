import { PlatformProbeV1, TOPICS } from '@llmchain/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_NAME } from '../config/platform-config';
import { DATABASE, SqlExecutor, TransactionalDb } from '../database/sql-client';
import { OutboxWriter } from '../outbox/outbox-writer';
import { ListProbesQuery, SendProbesDto } from './probe.dto';
import { ProbeRepository } from './probe.repository';

type ServiceName = PlatformProbeV1['data']['from'];

/** Synthetic end-to-end checks of the event path between services. */
@Injectable()
export class ProbeService {
  constructor(
    @Inject(SERVICE_NAME) private readonly serviceName: ServiceName,
    @Inject(DATABASE) private readonly db: TransactionalDb,
    private readonly outbox: OutboxWriter,
    private readonly probes: ProbeRepository,
  ) {}

  async send({ to, count, note }: SendProbesDto) {
    const events = Array.from({ length: count }, (_, sequence) => ({
      topic: TOPICS.platformProbe,
      key: `${this.serviceName}->${to}`,
      data: { from: this.serviceName, to, sequence, note },
    }));
    const written = await this.db.$transaction((tx) => this.outbox.write(tx, events), { timeout: 60_000 });
    return { from: this.serviceName, to, sent: written.length, firstEventId: written[0].id };
  }

  /** Records a probe addressed to this service; probes for other services pass by. */
  async receive(event: PlatformProbeV1, tx: SqlExecutor): Promise<void> {
    if (event.data.to !== this.serviceName) return;
    await this.probes.record(tx, {
      eventId: event.id,
      from: event.data.from,
      sequence: event.data.sequence,
      note: event.data.note,
    });
  }

  summary({ from, limit }: ListProbesQuery) {
    return this.probes.summary(from, limit);
  }
}
