import { SqlExecutor } from '@llmchain/platform';

/**
 * Ledger writers hold this advisory lock shared; closing a period takes it exclusively. So once an invoice run
 * has closed a period, no ledger transaction that still believed it open can commit rows into it afterwards.
 */
const LEDGER_LOCK_KEY = 80_211_001;

export async function holdLedgerLockShared(tx: SqlExecutor): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock_shared(${LEDGER_LOCK_KEY})::text`);
}

export async function holdLedgerLockExclusive(tx: SqlExecutor): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${LEDGER_LOCK_KEY})::text`);
}
