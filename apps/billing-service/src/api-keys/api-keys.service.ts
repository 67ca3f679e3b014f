import { TOPICS } from '@llmchain/contracts';
import { CountedListPage, generateApiKeySecret, ListQuery, OutboxWriter } from '@llmchain/platform';
import { Injectable, NotFoundException } from '@nestjs/common';
import { TenantsService } from '../tenants/tenants.service';
import { Prisma } from '../generated/prisma/client';
import { CreateApiKeyDto } from './api-keys.dto';
import { ApiKeysRepository, ApiKeyView } from './api-keys.repository';
import { KeyMinter } from './key-minter';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly tenants: TenantsService,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * The secret is in this response and nowhere else; `apikey.created` (with the hash) commits with the row. The key
   * records its minter (see key-minter for who may mint what).
   */
  async create(tenantId: string, dto: CreateApiKeyDto, minter: KeyMinter): Promise<ApiKeyView & { key: string }> {
    await this.tenants.get(tenantId);
    const secret = generateApiKeySecret();
    const view = await this.repository.transaction(async (tx) => {
      const created = await this.repository.create(tx, {
        tenantId,
        name: dto.name,
        prefix: secret.prefix,
        secretHash: secret.secretHash,
        scopes: dto.scopes,
        expiresAt: dto.expiresAt,
        createdByUserId: minter.userId,
        createdByApiKeyId: minter.apiKeyId,
      });
      await this.outbox.write(tx, [
        {
          topic: TOPICS.apiKeyCreated,
          key: tenantId,
          data: {
            tenantId,
            apiKeyId: created.id,
            prefix: secret.prefix,
            secretHash: secret.secretHash,
            scopes: dto.scopes,
            expiresAt: dto.expiresAt?.toISOString() ?? null,
          },
        },
      ]);
      return created;
    });
    return { ...view, key: secret.key };
  }

  /** A page of the tenant's keys (see list-page). */
  async list(tenantId: string, query: ListQuery): Promise<CountedListPage<ApiKeyView>> {
    await this.tenants.get(tenantId);
    return this.repository.list(tenantId, query);
  }

  /** Revoking twice is harmless: the second call returns the key as it is and sends nothing. */
  revoke(tenantId: string, id: string): Promise<ApiKeyView> {
    return this.repository.transaction(async (tx) => {
      const key = await this.repository.findForUpdate(tx, tenantId, id);
      if (!key) throw new NotFoundException(`API key ${id} not found`);
      if (key.revokedAt) return key;
      const revoked = await this.repository.revoke(tx, id, new Date());
      await this.outbox.write(tx, [{ topic: TOPICS.apiKeyRevoked, key: tenantId, data: { tenantId, apiKeyId: id } }]);
      return revoked;
    });
  }

  /**
   * Within the caller's transaction (a tenant user deactivated, deleted or given a new password): the keys the user
   * minted, the dashboard's sign-in keys among them, and the keys those minted, are revoked and announced.
   */
  async revokeMintedByUser(tx: Prisma.TransactionClient, userId: string): Promise<number> {
    const revoked = await this.repository.revokeMintedByUser(tx, userId, new Date());
    if (revoked.length) {
      await this.outbox.write(
        tx,
        revoked.map(({ id, tenantId }) => ({ topic: TOPICS.apiKeyRevoked, key: tenantId, data: { tenantId, apiKeyId: id } })),
      );
    }
    return revoked.length;
  }
}
