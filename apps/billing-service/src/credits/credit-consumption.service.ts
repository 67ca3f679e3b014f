import { TOPICS } from '@llmchain/contracts';
import { NewEvent, SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { MeteredEvent } from '../common/metered-event';
import { METERS } from '../common/meters';
import { drawTokens, inConsumptionOrder } from './consumption-order';
import { CreditAccountService } from './credit-account.service';
import { CreditsRepository, CreditTransactionRow } from './credits.repository';

export type BilledEvent = MeteredEvent & { billedPeriod: string };

/**
 * Metered usage of prepaid tenants draws their token grants, inside the ledger's transaction for the chunk, so each
 * event is drawn exactly once. Events are taken in the order they occurred, each meter's tokens in the consumption
 * order; what no grant covers is an overdraw, billed on the invoice as metered usage. Serving already took its own
 * requests off the live balance, so it is told only what it did not see: the overdraw it charged (given back, since
 * the invoice bills it) and the draws of usage it never saw, training's and evals' (taken off).
 */
@Injectable()
export class CreditConsumptionService {
  constructor(
    private readonly repository: CreditsRepository,
    private readonly accounts: CreditAccountService,
  ) {}

  async consume(tx: SqlExecutor, events: BilledEvent[], now = new Date()): Promise<void> {
    const accounts = await this.repository.lockEnforcedAccounts(tx, [...new Set(events.map((e) => e.tenantId))]);
    if (accounts.size === 0) return;
    const grants = await this.repository.drawableGrants(tx, [...accounts.keys()], now);
    const ordered = events.filter((e) => accounts.has(e.tenantId)).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId));
    for (const [tenantId, account] of accounts) {
      const tenantGrants = inConsumptionOrder(grants.get(tenantId) ?? []);
      const drawn = new Map<string, bigint>();
      const touched = new Set<string>();
      const uncovered = new Map<string, bigint>();
      let liveChange = 0n;
      for (const event of ordered.filter((e) => e.tenantId === tenantId)) {
        for (const meter of METERS) {
          const tokens = BigInt(event.tokens[meter]);
          if (tokens === 0n) continue;
          const result = drawTokens(tenantGrants, tokens);
          for (const draw of result.draws) touched.add(draw.grantId);
          for (const draw of result.draws) add(drawn, `${draw.grantId}\u0000${event.billedPeriod}\u0000${meter}`, draw.tokens);
          if (result.uncovered > 0n) add(uncovered, `${event.billedPeriod}\u0000${meter}`, result.uncovered);
          liveChange += event.liveSettled ? result.uncovered : result.uncovered - tokens;
        }
      }
      const rows: CreditTransactionRow[] = [];
      for (const [key, tokens] of drawn) {
        const [grantId, period, meter] = key.split('\u0000');
        account.balance -= tokens;
        rows.push({ tenantId, grantId, kind: 'consume', amount: -tokens, balanceAfter: account.balance, period, meter });
      }
      for (const [key, tokens] of uncovered) {
        const [period, meter] = key.split('\u0000');
        rows.push({ tenantId, grantId: null, kind: 'overdraw', amount: 0n, balanceAfter: account.balance, period, meter, uncovered: tokens });
      }
      await this.repository.setRemaining(tx, tenantGrants.filter((g) => touched.has(g.id)));
      await this.repository.insertTransactions(tx, rows);
      const events: NewEvent<typeof TOPICS.creditLow | typeof TOPICS.creditBalanceChanged>[] = [];
      this.accounts.tellLive(account, liveChange, 'usage the live balance did not see (training, evals) or charged past zero (billed as metered usage)', events);
      await this.accounts.settle(tx, account, events, now);
    }
  }
}

function add(map: Map<string, bigint>, key: string, tokens: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + tokens);
}
