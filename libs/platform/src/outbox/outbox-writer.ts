import { assertValidEvent, EventOf, latestVersion, Topic } from '@llmchain/contracts';
import { randomUUID } from 'node:crypto';
import { SqlExecutor } from '../database/sql-client';

export type NewEvent<T extends Topic> = {
  topic: T;
  data: EventOf<T>['data'];
  /** Kafka message key: events with the same key keep their order (one partition). */
  key?: string;
  /**
   * The envelope's id when the caller derives it from what the event describes (so writing the same fact twice
   * gives the same id and idempotent consumers drop the second); a fresh one otherwise.
   */
  id?: string;
};

/** One outbox_events row: event_id is event.id, payload is JSON.stringify(event). */
export type OutboxRow<T extends Topic> = { topic: T; key: string | null; event: EventOf<T> };

/**
 * Writes events into the outbox table inside the caller's transaction, so an event exists exactly when the change
 * it describes was committed. The relay publishes it later.
 */
export class OutboxWriter {
  constructor(private readonly producer: string) {}

  /**
   * Builds and validates the envelopes; an invalid event throws before anything is written. A caller that must
   * insert the rows in a statement of its own (one conditional on its change, say) takes them from here.
   */
  prepare<T extends Topic>(events: NewEvent<T>[]): OutboxRow<T>[] {
    const occurredAt = new Date().toISOString();
    return events.map(({ topic, data, key, id }) => {
      const envelope = { id: id ?? randomUUID(), type: topic, version: latestVersion(topic), occurredAt, producer: this.producer, data };
      const event = assertValidEvent(topic, envelope);
      return { topic, key: key ?? null, event };
    });
  }

  async write<T extends Topic>(tx: SqlExecutor, events: NewEvent<T>[]): Promise<EventOf<T>[]> {
    const rows = this.prepare(events);
    // One multi-row INSERT per chunk keeps a 5,000-event transaction to a handful of round trips.
    for (let start = 0; start < rows.length; start += OUTBOX_INSERT_CHUNK) {
      const chunk = rows.slice(start, start + OUTBOX_INSERT_CHUNK);
      const placeholders = chunk.map((_, i) => `($${i * 4 + 1}::uuid, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`);
      const values = chunk.flatMap((r) => [r.event.id, r.topic, r.key, JSON.stringify(r.event)]);
      await tx.$executeRawUnsafe(
        `INSERT INTO outbox_events (event_id, topic, key, payload) VALUES ${placeholders.join(', ')}`,
        ...values,
      );
    }
    return rows.map((r) => r.event);
  }
}

const OUTBOX_INSERT_CHUNK = 1000;
