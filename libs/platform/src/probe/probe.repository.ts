import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, SqlExecutor, TransactionalDb } from '../database/sql-client';

export type ProbeReceipt = { eventId: string; from: string; sequence: number; note: string; receivedAt: Date };

@Injectable()
export class ProbeRepository {
  constructor(@Inject(DATABASE) private readonly db: TransactionalDb) {}

  async record(tx: SqlExecutor, receipt: Omit<ProbeReceipt, 'receivedAt'>): Promise<void> {
    // No unique constraint on event_id on purpose: exactly-once is the consumer's job, and a duplicate here
    // would show up in the count that the exactly-once tests check.
    await tx.$executeRawUnsafe(
      `INSERT INTO probe_receipts (event_id, from_service, sequence, note) VALUES ($1::uuid, $2, $3, $4)`,
      receipt.eventId,
      receipt.from,
      receipt.sequence,
      receipt.note,
    );
  }

  async summary(from: string | undefined, limit: number): Promise<{ received: number; latest: ProbeReceipt[] }> {
    const filter = from ? `WHERE from_service = $1` : `WHERE $1::text IS NULL`;
    const [{ count }] = await this.db.$queryRawUnsafe<{ count: bigint }[]>(
      `SELECT count(*) AS count FROM probe_receipts ${filter}`,
      from ?? null,
    );
    const latest = await this.db.$queryRawUnsafe<ProbeReceipt[]>(
      `SELECT event_id::text AS "eventId", from_service AS "from", sequence, note, received_at AS "receivedAt"
       FROM probe_receipts ${filter} ORDER BY id DESC LIMIT $2`,
      from ?? null,
      limit,
    );
    return { received: Number(count), latest };
  }
}
