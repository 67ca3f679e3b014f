import { Gauge, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { SqlExecutor } from '../database/sql-client';
import { withDeadline } from '../util/with-deadline';

type Backlog = { pending: number; parked: number; oldest_pending_seconds: number };

/** A scrape waits this long for the count; past it the gauges are left out of that scrape (absent, not stale). */
const BACKLOG_QUERY_DEADLINE_MS = 2_000;

/**
 * The outbox's unsent events, read from its table at each scrape: a relay that cannot reach Kafka shows as a growing
 * backlog and an ageing oldest event; parked events (refused by Kafka, left aside) need an operator.
 */
export function registerOutboxBacklogGauges(registry: Registry, db: SqlExecutor, logger: Logger): void {
  let reading: Promise<Backlog | null> | null = null;
  // The three gauges share one query per scrape: the first collect starts it, the others reuse it.
  const backlog = () => {
    reading ??= withDeadline(
      db.$queryRawUnsafe<Backlog[]>(
        `SELECT count(*) FILTER (WHERE parked_at IS NULL)::int AS pending,
                count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked,
                COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::float8 AS oldest_pending_seconds
         FROM outbox_events WHERE sent_at IS NULL`,
      ),
      BACKLOG_QUERY_DEADLINE_MS,
      () => new Error(`outbox backlog query took over ${BACKLOG_QUERY_DEADLINE_MS} ms`),
    )
      .then(([row]) => row)
      .catch((err: unknown) => {
        logger.warn({ err }, 'outbox backlog not measured');
        return null;
      })
      .finally(() => setImmediate(() => (reading = null)));
    return reading;
  };
  const gauge = (name: string, help: string, field: keyof Backlog) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.reset();
        const row = await backlog();
        if (row) this.set(row[field]);
      },
    });
  gauge('outbox_pending_events', 'Outbox events committed but not yet published to Kafka', 'pending');
  gauge('outbox_oldest_pending_age_seconds', 'Age of the oldest outbox event not yet published (0 when none waits)', 'oldest_pending_seconds');
  gauge('outbox_parked_events', 'Outbox events Kafka refused repeatedly, parked for an operator', 'parked');
}
