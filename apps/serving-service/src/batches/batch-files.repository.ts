import { DATABASE, keysetPage, NEWEST_FIRST } from '@llmchain/platform';
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

  /** Newest first, `limit + 1` files after the file `after` (OpenAI's cursor, of any purpose), of `purpose` when given. */
  list(tenantId: string, limit: number, after: string | undefined, purpose: string | undefined): Promise<BatchFile[]> {
    return keysetPage({ limit, after }, NEWEST_FIRST, {
      find: (id) => this.find(tenantId, id),
      rows: ({ after, orderBy, take }) => this.db.batchFile.findMany({ where: { AND: [{ tenantId, ...(purpose ? { purpose } : {}) }, after] }, orderBy, take }),
    });
  }

  /** Called with the id of a file just found, so a valid one. */
  async delete(tenantId: string, id: string): Promise<boolean> {
    return (await this.db.batchFile.deleteMany({ where: { tenantId, id } })).count === 1;
  }
}
