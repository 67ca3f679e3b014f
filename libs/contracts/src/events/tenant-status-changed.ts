import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { tenantId } from './common';

/**
 * billing-service → every authenticating service: an admin suspended or reactivated a tenant. While suspended, none
 * of the tenant's API keys is accepted anywhere. `statusVersion` grows by one with every change of the tenant's
 * status, so a replica applies a change only over an older one, whatever order the events arrive in.
 */
export const tenantStatusChangedV1 = eventEnvelope(
  TOPICS.tenantStatusChanged,
  1,
  z.strictObject({
    tenantId,
    status: z.enum(['active', 'suspended']),
    /** The admin's reason, for consumers that notify or audit; services that authenticate need only the status. */
    reason: z.string().max(1000).nullable(),
    statusVersion: z.number().int().positive(),
    changedAt: z.iso.datetime({ offset: true }),
  }),
);
export type TenantStatusChangedV1 = z.infer<typeof tenantStatusChangedV1>;
