import { DATABASE, keysetPage, NEWEST_FIRST } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Model, Prisma, PrismaClient, Tokenizer } from '../generated/prisma/client';

/** Models a tenant sees: its own, and the bases imported for the whole platform. */
function visibleTo(tenantId: string): Prisma.ModelWhereInput {
  return { OR: [{ tenantId }, { visibility: 'platform' }] };
}

/** The model registry and the tokenizers models are trained with; reads are scoped to what a tenant may see. */
@Injectable()
export class ModelsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  findForTenant(tenantId: string, id: string): Promise<Model | null> {
    return this.db.model.findFirst({ where: { id, ...visibleTo(tenantId) } });
  }

  findByName(tenantId: string, name: string): Promise<Model | null> {
    return this.db.model.findFirst({ where: { name, ...visibleTo(tenantId) } });
  }

  /** Newest first, `limit + 1` rows (listPage's extra row says whether there is more); `after` is the last id seen. */
  list(tenantId: string, limit: number, after?: string): Promise<Model[]> {
    return keysetPage({ limit, after }, NEWEST_FIRST, {
      find: (id) => this.db.model.findFirst({ where: { id, ...visibleTo(tenantId) }, select: { createdAt: true, id: true } }),
      rows: ({ after, orderBy, take }) => this.db.model.findMany({ where: { AND: [visibleTo(tenantId), after] }, orderBy, take }),
    });
  }

  /** Bytes of every file of every model the tenant registered (what its models take in the blob store). */
  async storedBytes(tenantId: string): Promise<bigint> {
    const [row] = await this.db.$queryRaw<{ bytes: bigint | null }[]>`
      SELECT SUM((file->>'bytes')::bigint)::bigint AS bytes FROM models, jsonb_array_elements(models.files) AS file
      WHERE models.tenant_id = ${tenantId}`;
    return row?.bytes ?? 0n;
  }

  /** Null when there is none: an imported model's tokenizer is a file of its directory, not a trained one. */
  async findTokenizer(id: string | null): Promise<Tokenizer | null> {
    return id ? this.db.tokenizer.findUnique({ where: { id } }) : null;
  }

  /** The tokenizer a job on this dataset version reuses: the first one trained on it with this vocabulary size. */
  findDatasetTokenizer(tenantId: string, datasetVersionId: string, vocabSize: number): Promise<Tokenizer | null> {
    return this.db.tokenizer.findFirst({ where: { tenantId, datasetVersionId, vocabSize }, orderBy: { createdAt: 'asc' } });
  }

  createTokenizer(tx: Prisma.TransactionClient, data: Prisma.TokenizerUncheckedCreateInput): Promise<Tokenizer> {
    return tx.tokenizer.create({ data });
  }
}
