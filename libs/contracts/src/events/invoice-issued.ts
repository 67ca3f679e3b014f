import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId } from './common';

/** billing-service → anyone who notifies tenants or books revenue: an invoice was issued. */
export const invoiceIssuedV1 = eventEnvelope(
  TOPICS.invoiceIssued,
  1,
  z.strictObject({
    tenantId,
    invoiceId: id,
    /** Sequential, gapless. */
    number: z.number().int().positive(),
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a YYYY-MM month'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
    /** Integer minor units, as a decimal string (exact beyond 2^53). */
    totalMinor: z.string().regex(/^-?\d+$/, 'an integer in minor units'),
  }),
);
export type InvoiceIssuedV1 = z.infer<typeof invoiceIssuedV1>;
