import { afterCursor, DATABASE, unknownCursor } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { BatchFile, PrismaClient } from '../generated/prisma/client';
import { isOpenAiStyleId } from './openai-ids';

export type NewBatchFile = Omit<BatchFile, 'createdAt'>;

/** batch_files: what the Files API lists. Every read is by tenant, so another tenant's file is simply not found. */
@Injectable()
export class BatchFilesRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  create(file: NewBatchFile): Promise<BatchFile> {
    return this.db.batchFile.create({ data: file });
  }

  async find(tenantId: string, id: string): Promise<BatchFile | null> {
    if (!isOpenAiStyleId(id)) return null;
    return this.db.batchFile.findFirst({ where: { tenantId, id } });
  }

  /** Newest first, `limit` after the file `after` (OpenAI's cursor). */
  async list(tenantId: string, limit: number, after: string | undefined, purpose: string | undefined): Promise<BatchFile[]> {
    const cursor = after ? await this.find(tenantId, after) : null;
    if (after && !cursor) throw unknownCursor(after);
    return this.db.batchFile.findMany({
      where: { tenantId, ...(purpose ? { purpose } : {}), ...(cursor ? afterCursor('createdAt', cursor, 'desc') : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }

  /** Called with the id of a file just found, so a valid one. */
  async delete(tenantId: string, id: string): Promise<boolean> {
    return (await this.db.batchFile.deleteMany({ where: { tenantId, id } })).count === 1;
  }
}
