import { TOPICS } from '@llmchain/contracts';
import { OutboxWriter } from '@llmchain/platform';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { holdLedgerLockExclusive } from '../common/ledger-lock';
import { Tenant } from '../generated/prisma/client';
import { TenantView, tenantView } from './tenant-view';
import { TenantsRepository, Tx } from './tenants.repository';

/**
 * Suspension, reactivation and deletion: changes every authenticating service must hear of, so each commits with its
 * event in billing's outbox. A suspended tenant keeps its keys, users, subscription, usage and invoices; every
 * service refuses its keys (403) until it is reactivated.
 */
@Injectable()
export class TenantLifecycleService {
  constructor(
    private readonly repository: TenantsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Suspending a suspended tenant changes nothing (its first reason stays) and sends nothing. */
  suspend(id: string, reason: string): Promise<TenantView> {
    return this.repository.transaction(async (tx) => {
      const tenant = await this.locked(tx, id);
      if (tenant.suspendedAt) return tenantView(tenant);
      const suspended = await this.repository.setStatus(tx, id, { suspendedAt: new Date(), suspensionReason: reason });
      await this.announce(tx, suspended, reason);
      return tenantView(suspended);
    });
  }

  reactivate(id: string, reason: string | undefined): Promise<TenantView> {
    return this.repository.transaction(async (tx) => {
      const tenant = await this.locked(tx, id);
      if (!tenant.suspendedAt) return tenantView(tenant);
      const reactivated = await this.repository.setStatus(tx, id, { suspendedAt: null, suspensionReason: null });
      await this.announce(tx, reactivated, reason ?? null);
      return tenantView(reactivated);
    });
  }

  /**
   * Only a tenant billing holds nothing for: usage and invoices are records billing must keep, so such a tenant is
   * suspended instead. Its live keys are revoked through apikey.revoked, so every replica drops them. The ledger lock
   * (exclusive) keeps usage from landing between the check and the deletion; it is taken before the tenant's row, in
   * the order invoice generation takes both, so the two cannot deadlock.
   */
  delete(id: string): Promise<void> {
    return this.repository.transaction(async (tx) => {
      await holdLedgerLockExclusive(tx);
      await this.locked(tx, id);
      const { hasUsage, invoices } = await this.repository.billingRecords(tx, id);
      if (hasUsage || invoices > 0) {
        const kept = [hasUsage ? 'usage in the ledger' : null, invoices > 0 ? `${invoices} invoice(s)` : null].filter(Boolean).join(' and ');
        throw new ConflictException(`tenant ${id} has ${kept}, which billing keeps: suspend it instead with POST /admin/tenants/${id}/suspend`);
      }
      const keys = await this.repository.liveKeyIds(tx, id);
      if (keys.length > 0) {
        await this.outbox.write(
          tx,
          keys.map((key) => ({ topic: TOPICS.apiKeyRevoked, key: id, data: { tenantId: id, apiKeyId: key.id } })),
        );
      }
      await this.repository.deleteWithAccounts(tx, id);
    });
  }

  private async locked(tx: Tx, id: string): Promise<Tenant> {
    const tenant = await this.repository.lock(tx, id);
    if (!tenant) throw new NotFoundException(`tenant ${id} not found`);
    return tenant;
  }

  private async announce(tx: Tx, tenant: Tenant, reason: string | null): Promise<void> {
    await this.outbox.write(tx, [
      {
        topic: TOPICS.tenantStatusChanged,
        key: tenant.id,
        data: {
          tenantId: tenant.id,
          status: tenant.suspendedAt ? 'suspended' : 'active',
          reason,
          statusVersion: tenant.statusVersion,
          changedAt: (tenant.suspendedAt ?? new Date()).toISOString(),
        },
      },
    ]);
  }
}
