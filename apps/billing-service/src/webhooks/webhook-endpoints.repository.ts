import { CountedListPage, DATABASE, ListQuery } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { countedKeysetPage } from '../common/list-page';
import { Prisma, PrismaClient } from '../generated/prisma/client';

/** What may be shown of an endpoint: never its secrets, sealed or not. */
const ENDPOINT_ROW = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  disabledAt: true,
  disabledReason: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof ENDPOINT_ROW }>;

/** What an attempt needs of its endpoint: where to send and the sealed secrets to sign with. */
export type EndpointTarget = Prisma.WebhookEndpointGetPayload<{
  select: { id: true; url: true; secretCiphertext: true; previousSecretCiphertext: true; previousSecretExpiresAt: true };
}>;

const ENDPOINT_ORDER = { keys: ['createdAt', 'id'], direction: 'asc' } as const;

@Injectable()
export class WebhookEndpointsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  /** Creates an endpoint unless the tenant already has `max`: the tenant's row is locked so concurrent creations count in turn. */
  createWithin(max: number, data: Prisma.WebhookEndpointUncheckedCreateInput): Promise<EndpointRow | 'limit'> {
    return this.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM tenants WHERE id = ${data.tenantId}::uuid FOR UPDATE`;
      if ((await tx.webhookEndpoint.count({ where: { tenantId: data.tenantId } })) >= max) return 'limit';
      return tx.webhookEndpoint.create({ data, select: ENDPOINT_ROW });
    });
  }

  list(tenantId: string, query: ListQuery): Promise<CountedListPage<EndpointRow>> {
    return countedKeysetPage(query, ENDPOINT_ORDER, {
      count: () => this.db.webhookEndpoint.count({ where: { tenantId } }),
      find: (id) => this.find(tenantId, id),
      rows: ({ after, orderBy, take }) => this.db.webhookEndpoint.findMany({ where: { AND: [{ tenantId }, after] }, select: ENDPOINT_ROW, orderBy, take }),
    });
  }

  find(tenantId: string, id: string): Promise<EndpointRow | null> {
    return this.db.webhookEndpoint.findFirst({ where: { id, tenantId }, select: ENDPOINT_ROW });
  }

  /** Changes the tenant's endpoint; null when the tenant has no such endpoint. */
  async update(tenantId: string, id: string, data: Prisma.WebhookEndpointUpdateManyMutationInput): Promise<EndpointRow | null> {
    const { count } = await this.db.webhookEndpoint.updateMany({ where: { id, tenantId }, data });
    return count === 0 ? null : this.find(tenantId, id);
  }

  /** Replaces the secret, keeping the current one as the previous until `previousExpiresAt` (none when null). */
  rotateSecret(tenantId: string, id: string, seal: (endpointId: string) => string, previousExpiresAt: Date | null): Promise<EndpointRow | null> {
    return this.db.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<{ secret_ciphertext: string }[]>`
        SELECT secret_ciphertext FROM webhook_endpoints WHERE id = ${id}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
      if (!current) return null;
      return tx.webhookEndpoint.update({
        where: { id },
        data: {
          secretCiphertext: seal(id),
          previousSecretCiphertext: previousExpiresAt ? current.secret_ciphertext : null,
          previousSecretExpiresAt: previousExpiresAt,
        },
        select: ENDPOINT_ROW,
      });
    });
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    return (await this.db.webhookEndpoint.deleteMany({ where: { id, tenantId } })).count > 0;
  }

  target(id: string): Promise<EndpointTarget | null> {
    return this.db.webhookEndpoint.findUnique({
      where: { id },
      select: { id: true, url: true, secretCiphertext: true, previousSecretCiphertext: true, previousSecretExpiresAt: true },
    });
  }

  /** A 2xx answer ends the endpoint's failure run. */
  async recordSuccess(id: string): Promise<void> {
    await this.db.$executeRaw`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ${id}::uuid AND failing_since IS NOT NULL`;
  }

  /**
   * A failed attempt starts the endpoint's failure run or extends it; a run older than `disableAfterMs` disables the
   * endpoint ("failing"). Answers whether this failure disabled it.
   */
  async recordFailure(id: string, at: Date, disableAfterMs: number): Promise<boolean> {
    const since = new Date(at.getTime() - disableAfterMs);
    const rows = await this.db.$queryRaw<{ disabled: boolean }[]>`
      UPDATE webhook_endpoints SET
        failing_since = COALESCE(failing_since, ${at}),
        disabled_at = CASE WHEN disabled_at IS NULL AND failing_since <= ${since} THEN ${at} ELSE disabled_at END,
        disabled_reason = CASE WHEN disabled_at IS NULL AND failing_since <= ${since} THEN 'failing' ELSE disabled_reason END
      WHERE id = ${id}::uuid
      RETURNING disabled_at = ${at} AND disabled_reason = 'failing' AS disabled`;
    return rows[0]?.disabled ?? false;
  }
}
