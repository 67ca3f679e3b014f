import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';

export type UsageCell = { usageDay: string; model: string; meter: string; tokens: bigint; events: bigint };

@Injectable()
export class UsageRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  async billedIn(tenantId: string, period: string): Promise<UsageCell[]> {
    const rows = await this.db.usageLedger.findMany({
      where: { tenantId, billedPeriod: period },
      orderBy: [{ usageDay: 'asc' }, { model: 'asc' }, { meter: 'asc' }],
    });
    return rows.map((r) => ({ usageDay: r.usageDay.toISOString().slice(0, 10), model: r.model, meter: r.meter, tokens: r.tokens, events: r.events }));
  }
}
