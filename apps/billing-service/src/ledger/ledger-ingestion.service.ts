import { SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { nextPeriod } from '../common/period';
import { QuotaService } from '../quota/quota.service';
import { LedgerEntry } from './ledger-entry';
import { holdLedgerLockShared } from './ledger-lock';
import { LedgerRow, UsageLedgerRepository } from './usage-ledger.repository';

/**
 * Turns the new events of one consumer chunk into ledger rows: summed per tenant, billed period, day, model and
 * meter in memory, then upserted in one statement. Usage of a period already closed for its tenant is billed in
 * the first open period after it, where the invoice shows it as an adjustment.
 */
@Injectable()
export class LedgerIngestionService {
  constructor(
    private readonly ledger: UsageLedgerRepository,
    private readonly quota: QuotaService,
  ) {}

  async record(tx: SqlExecutor, entries: LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await holdLedgerLockShared(tx);
    const tenantIds = [...new Set(entries.map((e) => e.tenantId))].sort();
    const closed = await this.ledger.closedPeriods(tx, tenantIds);
    const rows = new Map<string, LedgerRow>();
    for (const entry of entries) {
      let billedPeriod = entry.usagePeriod;
      while (closed.has(`${entry.tenantId}\u0000${billedPeriod}`)) billedPeriod = nextPeriod(billedPeriod);
      const key = `${entry.tenantId}\u0000${billedPeriod}\u0000${entry.usageDay}\u0000${entry.model}\u0000${entry.meter}`;
      const row = rows.get(key);
      if (row) {
        row.tokens += BigInt(entry.tokens);
        row.events += 1;
      } else {
        rows.set(key, { tenantId: entry.tenantId, billedPeriod, usageDay: entry.usageDay, model: entry.model, meter: entry.meter, tokens: BigInt(entry.tokens), events: 1 });
      }
    }
    // Key order: concurrent chunks lock the rows they share in the same order, so they wait instead of deadlocking.
    const ordered = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    await this.ledger.add(tx, ordered);
    await this.quota.refresh(tx, tenantIds);
  }
}
