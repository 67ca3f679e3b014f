import { SqlExecutor } from '../database/sql-client';

/**
 * Records a chunk's event ids as processed in one statement and returns those that were not recorded before: the
 * events whose effect the caller must now apply in the same transaction. Duplicates inside the chunk count once.
 */
export async function newEventIds(tx: SqlExecutor, consumer: string, topic: string, eventIds: string[]): Promise<Set<string>> {
  const rows = await tx.$queryRawUnsafe<{ event_id: string }[]>(
    `INSERT INTO processed_events (consumer, event_id, topic)
     SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
     ON CONFLICT DO NOTHING RETURNING event_id::text`,
    consumer,
    eventIds,
    topic,
  );
  return new Set(rows.map((r) => r.event_id));
}
