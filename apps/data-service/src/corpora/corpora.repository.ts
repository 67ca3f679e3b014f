import { DATABASE, keysetPage, ListQuery, lockTenantLimit, NEWEST_FIRST } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Corpus, Prisma, PrismaClient } from '../generated/prisma/client';

export type NewCorpus = Omit<Corpus, 'id' | 'createdAt'>;

/** Corpora rows, always looked up within one tenant. */
@Injectable()
export class CorporaRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  findBySha256(tenantId: string, sha256: string): Promise<Corpus | null> {
    return this.db.corpus.findUnique({ where: { tenantId_sha256: { tenantId, sha256 } } });
  }

  findById(tenantId: string, id: string): Promise<Corpus | null> {
    return this.db.corpus.findFirst({ where: { id, tenantId } });
  }

  findManyByIds(tenantId: string, ids: string[]): Promise<Corpus[]> {
    return this.db.corpus.findMany({ where: { tenantId, id: { in: ids } } });
  }

  /** Newest first, `limit + 1` corpora after the one `after` names (one of the tenant's). */
  list(tenantId: string, query: ListQuery): Promise<Corpus[]> {
    return keysetPage(query, NEWEST_FIRST, {
      find: (id) => this.findById(tenantId, id),
      rows: ({ after, orderBy, take }) => this.db.corpus.findMany({ where: { AND: [{ tenantId }, after] }, orderBy, take }),
    });
  }

  /** Bytes of corpora the tenant stores. */
  async storedBytes(tenantId: string): Promise<bigint> {
    const { _sum } = await this.db.corpus.aggregate({ where: { tenantId }, _sum: { bytes: true } });
    return _sum.bytes ?? 0n;
  }

  /**
   * Inserts unless the tenant's corpora would then hold more than `quotaBytes` (returns the bytes they hold), or
   * returns null when the tenant already has a corpus with these bytes (a concurrent identical upload).
   */
  async insertWithinQuota(corpus: NewCorpus, quotaBytes: bigint): Promise<{ inserted: Corpus | null } | { overQuota: bigint }> {
    try {
      return await this.db.$transaction(async (tx) => {
        await lockTenantLimit(tx, 'corpus-storage', corpus.tenantId);
        // An identical upload that committed while this one waited for the lock is the tenant's corpus, not more bytes.
        if (await tx.corpus.findUnique({ where: { tenantId_sha256: { tenantId: corpus.tenantId, sha256: corpus.sha256 } } }))
          return { inserted: null };
        const { _sum } = await tx.corpus.aggregate({ where: { tenantId: corpus.tenantId }, _sum: { bytes: true } });
        const stored = _sum.bytes ?? 0n;
        if (stored + corpus.bytes > quotaBytes) return { overQuota: stored };
        return { inserted: await tx.corpus.create({ data: corpus }) };
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { inserted: null };
      throw error;
    }
  }
}
