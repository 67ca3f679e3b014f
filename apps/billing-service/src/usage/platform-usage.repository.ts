import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Prisma, PrismaClient } from '../generated/prisma/client';

/** A day range, both ends included, as UTC midnights. */
export type DayRange = { from: Date; to: Date };

export type MeterSum = { meter: string; tokens: bigint; events: bigint };

type Tx = Prisma.TransactionClient;

/** Every tenant's ledger rows, by the day the usage happened, whatever period billed them. */
@Injectable()
export class PlatformUsageRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  /** Runs the report's reads on one snapshot, so its parts agree while usage keeps arriving. */
  snapshot<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
    return this.db.$transaction(fn, { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 30_000 });
  }

  private within({ from, to }: DayRange) {
    return { usageDay: { gte: from, lte: to } };
  }

  async byDay(tx: Tx, range: DayRange): Promise<(MeterSum & { day: Date })[]> {
    const rows = await tx.usageLedger.groupBy({ by: ['usageDay', 'meter'], where: this.within(range), _sum: { tokens: true, events: true } });
    return rows.map((r) => ({ day: r.usageDay, meter: r.meter, tokens: r._sum.tokens ?? 0n, events: r._sum.events ?? 0n }));
  }

  async byModel(tx: Tx, range: DayRange): Promise<(MeterSum & { model: string })[]> {
    const rows = await tx.usageLedger.groupBy({ by: ['model', 'meter'], where: this.within(range), _sum: { tokens: true, events: true } });
    return rows.map((r) => ({ model: r.model, meter: r.meter, tokens: r._sum.tokens ?? 0n, events: r._sum.events ?? 0n }));
  }

  /** The `top` tenants by tokens (ties by id), each by meter. */
  async topTenants(tx: Tx, range: DayRange, top: number): Promise<(MeterSum & { tenantId: string })[]> {
    const leaders = await tx.usageLedger.groupBy({
      by: ['tenantId'],
      where: this.within(range),
      _sum: { tokens: true },
      orderBy: [{ _sum: { tokens: 'desc' } }, { tenantId: 'asc' }],
      take: top,
    });
    if (leaders.length === 0) return [];
    const rows = await tx.usageLedger.groupBy({
      by: ['tenantId', 'meter'],
      where: { ...this.within(range), tenantId: { in: leaders.map((l) => l.tenantId) } },
      _sum: { tokens: true, events: true },
    });
    return rows.map((r) => ({ tenantId: r.tenantId, meter: r.meter, tokens: r._sum.tokens ?? 0n, events: r._sum.events ?? 0n }));
  }

  async tenantsWithUsage(tx: Tx, { from, to }: DayRange): Promise<number> {
    const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(
      `SELECT COUNT(DISTINCT tenant_id)::int AS n FROM usage_ledger WHERE usage_day BETWEEN $1::date AND $2::date`,
      from.toISOString().slice(0, 10),
      to.toISOString().slice(0, 10),
    );
    return row.n;
  }

  /** Names of the tenants billing knows (usage may name tenants it does not, whose ids are kept as they came). */
  async tenantNames(tx: Tx, tenantIds: string[]): Promise<Map<string, string>> {
    const uuids = tenantIds.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
    const tenants = await tx.tenant.findMany({ where: { id: { in: uuids } }, select: { id: true, name: true } });
    return new Map(tenants.map((t) => [t.id, t.name]));
  }
}
