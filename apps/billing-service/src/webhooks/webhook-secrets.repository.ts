import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';

export type SealedSecrets = { id: string; secretCiphertext: string; previousSecretCiphertext: string | null };

/** Endpoints' sealed signing secrets, read in pages and replaced only where unchanged since read. */
@Injectable()
export class WebhookSecretsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  page(afterId: string | null, limit: number): Promise<SealedSecrets[]> {
    return this.db.webhookEndpoint.findMany({
      where: afterId ? { id: { gt: afterId } } : {},
      select: { id: true, secretCiphertext: true, previousSecretCiphertext: true },
      orderBy: { id: 'asc' },
      take: limit,
    });
  }

  /** Replaces a sealed secret unless it changed meanwhile (a rotation, another replica): answers whether it did. */
  async replace(id: string, column: 'secretCiphertext' | 'previousSecretCiphertext', sealed: string, resealed: string): Promise<boolean> {
    const { count } = await this.db.webhookEndpoint.updateMany({ where: { id, [column]: sealed }, data: { [column]: resealed } });
    return count === 1;
  }
}
