import { queryRows, ServiceStack } from '@llmchain/testing';

export type ReceiptCounts = { rows: number; distinctSequences: number; processed: number };

/** What the consumer has recorded for one run's probes: rows (duplicates included) and distinct sequences. */
export async function receiptCounts(stack: ServiceStack, note: string): Promise<ReceiptCounts> {
  const url = stack.database('billing-service').url;
  const [counts] = await queryRows<{ rows: string; distinct_sequences: string }>(
    url,
    `SELECT count(*) AS rows, count(DISTINCT sequence) AS distinct_sequences FROM probe_receipts WHERE note = $1`,
    [note],
  );
  const [processed] = await queryRows<{ n: string }>(
    url,
    `SELECT count(*) AS n FROM processed_events WHERE topic = 'platform.probe'`,
  );
  return { rows: Number(counts.rows), distinctSequences: Number(counts.distinct_sequences), processed: Number(processed.n) };
}
