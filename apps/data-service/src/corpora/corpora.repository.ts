import { DATABASE } from '@llmchain/platform';
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

  list(tenantId: string): Promise<Corpus[]> {
    return this.db.corpus.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' }, take: 100 });
  }

  /** Inserts, or returns null when the tenant already has a corpus with these bytes (a concurrent identical upload). */
  async insert(corpus: NewCorpus): Promise<Corpus | null> {
    try {
      return await this.db.corpus.create({ data: corpus });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }
}
