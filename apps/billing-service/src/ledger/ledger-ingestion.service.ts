import { SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { BudgetSpendService } from '../budgets/budget-spend.service';
import { holdLedgerLockShared } from '../common/ledger-lock';
import { MeteredEvent } from '../common/metered-event';
import { METERS } from '../common/meters';
import { nextPeriod } from '../common/period';
import { CreditConsumptionService } from '../credits/credit-consumption.service';
import { QuotaService } from '../quota/quota.service';
import { LedgerEventRow, LedgerRow, UsageLedgerRepository } from './usage-ledger.repository';

/**
 * Turns the new events of one consumer chunk into ledger rows: summed per tenant, billed period, day, model and
 * meter in memory, then upserted in one statement, with each event kept beside them (one more statement) for
 * lineage; prepaid tenants' usage then draws their credits and budgets count it. Usage of a period already closed
 * for its tenant is billed in the first open period after it, where the invoice shows it as an adjustment. Events
 * without tokens change nothing.
 */
@Injectable()
export class LedgerIngestionService {
  constructor(
    private readonly ledger: UsageLedgerRepository,
    private readonly quota: QuotaService,
    private readonly credits: CreditConsumptionService,
    private readonly budgets: BudgetSpendService,
  ) {}

  async record(tx: SqlExecutor, events: MeteredEvent[]): Promise<void> {
    const metered = events.filter((event) => METERS.some((meter) => event.tokens[meter] > 0));
    if (metered.length === 0) return;
    await holdLedgerLockShared(tx);
    const tenantIds = [...new Set(metered.map((e) => e.tenantId))].sort();
    const closed = await this.ledger.closedPeriods(tx, tenantIds);
    const rows = new Map<string, LedgerRow>();
    const eventRows: LedgerEventRow[] = [];
    for (const event of metered) {
      let billedPeriod = event.usagePeriod;
      while (closed.has(`${event.tenantId}\u0000${billedPeriod}`)) billedPeriod = nextPeriod(billedPeriod);
      eventRows.push({ ...event, billedPeriod });
      for (const meter of METERS) {
        const tokens = event.tokens[meter];
        if (tokens === 0) continue;
        const key = `${event.tenantId}\u0000${billedPeriod}\u0000${event.usageDay}\u0000${event.ledgerModel}\u0000${meter}`;
        const row = rows.get(key);
        if (row) {
          row.tokens += BigInt(tokens);
          row.events += 1;
        } else {
          rows.set(key, { tenantId: event.tenantId, billedPeriod, usageDay: event.usageDay, model: event.ledgerModel, meter, tokens: BigInt(tokens), events: 1 });
        }
      }
    }
    // Key order: concurrent chunks lock the rows they share in the same order, so they wait instead of deadlocking.
    const ordered = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    await this.ledger.add(tx, ordered);
    await this.ledger.addEvents(tx, eventRows);
    await this.quota.refresh(tx, tenantIds);
    await this.credits.consume(tx, eventRows);
    await this.budgets.record(tx, eventRows);
  }
}
