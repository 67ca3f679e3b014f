import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { Wire } from '../common/wire';
import { TenantView } from './tenant-view';

/** A tenant as tenants.controller.ts answers it (tenant-view.ts), for the OpenAPI document and the typed client. */
export const tenantSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    contactEmail: z.string().nullable(),
    billingEmail: z.string().nullable().meta({ description: 'Where invoices go; null when unset' }),
    status: z.enum(['active', 'suspended']),
    suspendedAt: isoDateTime.nullable(),
    suspensionReason: z.string().nullable(),
    createdAt: isoDateTime,
  })
  .meta({
    id: 'Tenant',
    example: {
      id: '0c8f3a6e-7d21-4b9a-8e5f-2a1b3c4d5e6f',
      name: 'Acme Robotics',
      contactEmail: 'ops@acme.example',
      billingEmail: 'billing@acme.example',
      status: 'active',
      suspendedAt: null,
      suspensionReason: null,
      createdAt: '2026-10-14T08:00:00.000Z',
    },
  }) satisfies z.ZodType<Wire<TenantView>>;
