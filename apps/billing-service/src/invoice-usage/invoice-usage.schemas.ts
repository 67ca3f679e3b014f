import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { METERS } from '../common/meters';
import { integerString, Wire } from '../common/wire';
import { InvoiceUsageEntry } from './invoice-usage.service';

/** One metered event behind an invoice, with its share of the invoice's lines (invoice-usage.controller.ts). */
export const invoiceUsageEntrySchema = z
  .object({
    id: z.string().meta({ description: 'The event id; pass the last one as `after` for the next page' }),
    eventId: z.string(),
    eventType: z.string().meta({ description: 'The metered event: usage.recorded (serving) or training.job.completed (training)' }),
    occurredAt: isoDateTime,
    usageDay: z.string().meta({ description: 'The UTC day it counts on, YYYY-MM-DD' }),
    model: z.string().nullable(),
    requestId: z.string().nullable(),
    trainingJobId: z.string().nullable(),
    apiKeyId: z.string().nullable(),
    tokens: z.object(Object.fromEntries(METERS.map((meter) => [meter, integerString])) as Record<(typeof METERS)[number], typeof integerString>),
    lines: z
      .array(
        z.object({
          meter: z.enum(METERS),
          position: z.number().int().meta({ description: 'The invoice line’s position' }),
          kind: z.enum(['included_tokens', 'metered', 'adjustment']),
          tier: z.number().int().nullable().meta({ description: 'The price tier, from 1; null on included tokens' }),
          tokens: integerString,
        }),
      )
      .meta({ description: 'Where the event’s tokens fall on the invoice, meter by meter; the shares of all events add up to each line’s quantity' }),
  })
  .meta({ id: 'InvoiceUsageEntry' }) satisfies z.ZodType<Wire<InvoiceUsageEntry>>;
