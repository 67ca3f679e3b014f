import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../../generated/prisma/client';

/** The finished shards of sharded cleaning runs, and the run progress they add up to. */
@Injectable()
export class CleaningShardsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  async isDone(runId: string, shard: number): Promise<boolean> {
    return (await this.db.cleaningShard.count({ where: { runId, shard } })) > 0;
  }

  /**
   * Records a shard as done and sets the run's progress to the sum over its done shards, in one transaction. A shard
   * finished twice (its first worker died after writing, before recording) is recorded and counted once.
   */
  async recordDone(runId: string, shard: number, bytes: number, documents: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.cleaningShard.createMany({ data: [{ runId, shard, bytes: BigInt(bytes), documents }], skipDuplicates: true });
      const done = await tx.cleaningShard.aggregate({ where: { runId }, _sum: { bytes: true, documents: true } });
      await tx.cleaningRun.update({
        where: { id: runId },
        data: { bytesProcessed: done._sum.bytes ?? 0n, documentsProcessed: done._sum.documents ?? 0 },
      });
    });
  }

  async removeForRun(runId: string): Promise<void> {
    await this.db.cleaningShard.deleteMany({ where: { runId } });
  }
}
