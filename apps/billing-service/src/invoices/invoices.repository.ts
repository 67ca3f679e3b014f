import { CountedListPage, DATABASE, ListQuery } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InvoiceLineDraft } from '../common/invoice-lines';
import { countedKeysetPage } from '../common/list-page';
import { readSnapshot } from '../common/read-snapshot';
import { Invoice, Prisma, PrismaClient } from '../generated/prisma/client';

const WITH_LINES = { lines: { orderBy: { position: 'asc' } }, tenant: { select: { id: true, name: true } } } satisfies Prisma.InvoiceInclude;

export type InvoiceWithLines = Prisma.InvoiceGetPayload<{ include: typeof WITH_LINES }>;

export type Tx = Prisma.TransactionClient;

export type InvoiceFilter = { tenantId?: string; period?: string; status?: string; tenantView: boolean };

const INVOICE_ORDER = { keys: ['number'], direction: 'asc' } as const;

@Injectable()
export class InvoicesRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
    return this.db.$transaction(fn, { timeout: 60_000, maxWait: 30_000 });
  }

  snapshot<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
    return readSnapshot(this.db, fn);
  }

  findForPeriod(tx: Tx, tenantId: string, period: string): Promise<InvoiceWithLines | null> {
    return tx.invoice.findUnique({ where: { tenantId_period: { tenantId, period } }, include: WITH_LINES });
  }

  async closePeriod(tx: Tx, tenantId: string, period: string): Promise<void> {
    await tx.$executeRawUnsafe(`INSERT INTO closed_periods (tenant_id, period) VALUES ($1, $2) ON CONFLICT DO NOTHING`, tenantId, period);
  }

  /** Usage billed in the period, summed per day and meter (days before the period are late adjustments). */
  async billedUsage(tx: Tx, tenantId: string, period: string): Promise<{ usageDay: Date; meter: string; tokens: bigint }[]> {
    const rows = await tx.usageLedger.groupBy({ by: ['usageDay', 'meter'], where: { tenantId, billedPeriod: period }, _sum: { tokens: true } });
    return rows.map((r) => ({ usageDay: r.usageDay, meter: r.meter, tokens: r._sum.tokens ?? 0n }));
  }

  /** The next number, under the counter row's lock: a rolled-back invoice gives its number back. */
  async nextNumber(tx: Tx): Promise<number> {
    const rows = await tx.$queryRawUnsafe<{ last_number: number }[]>(
      `UPDATE invoice_counter SET last_number = last_number + 1 WHERE id = 1 RETURNING last_number`,
    );
    return Number(rows[0].last_number);
  }

  create(tx: Tx, data: { tenantId: string; period: string; number: number; currency: string; totalMinor: bigint; lines: InvoiceLineDraft[] }) {
    return tx.invoice.create({
      data: {
        tenantId: data.tenantId,
        period: data.period,
        number: data.number,
        currency: data.currency,
        status: 'draft',
        totalMinor: data.totalMinor,
        lines: { create: data.lines.map((line, position) => ({ position, ...line })) },
      },
      include: WITH_LINES,
    });
  }

  find(id: string, tenantId?: string): Promise<InvoiceWithLines | null> {
    return this.db.invoice.findFirst({ where: { id, ...(tenantId ? { tenantId, status: { not: 'draft' } } : {}) }, include: WITH_LINES });
  }

  /** Tenants never see drafts. */
  list(filter: InvoiceFilter, query: ListQuery): Promise<CountedListPage<Invoice>> {
    const where: Prisma.InvoiceWhereInput = {
      tenantId: filter.tenantId,
      period: filter.period,
      AND: [filter.status ? { status: filter.status } : {}, filter.tenantView ? { status: { not: 'draft' } } : {}],
    };
    return countedKeysetPage(query, INVOICE_ORDER, {
      count: () => this.db.invoice.count({ where }),
      find: (id) => this.db.invoice.findFirst({ where: { AND: [where, { id }] } }),
      rows: ({ after, orderBy, take }) => this.db.invoice.findMany({ where: { AND: [where, after] }, orderBy, take }),
    });
  }

  /** Moves an invoice from one of `from` to `to`; null when it was in another status (someone got there first). */
  async transition(tx: Tx, id: string, from: string[], to: string, stamp: Prisma.InvoiceUpdateManyMutationInput): Promise<InvoiceWithLines | null> {
    const updated = await tx.invoice.updateMany({ where: { id, status: { in: from } }, data: { status: to, ...stamp } });
    if (updated.count === 0) return null;
    return tx.invoice.findUniqueOrThrow({ where: { id }, include: WITH_LINES });
  }

  /** Tenants with a subscription overlapping the period and no invoice for it yet. */
  async tenantsDue(period: string, from: Date, to: Date): Promise<string[]> {
    const rows = await this.db.subscription.findMany({
      where: { startsOn: { lt: to }, OR: [{ endsOn: null }, { endsOn: { gt: from } }], tenant: { invoices: { none: { period } } } },
      select: { tenantId: true },
      distinct: ['tenantId'],
    });
    return rows.map((r) => r.tenantId);
  }
}
