import { z } from 'zod';
import { METERS } from '../common/meters';
import { integerString, Wire } from '../common/wire';
import { UsageService } from './usage.service';

/** Tokens per meter and their sum, as decimal strings. */
export const meterTotalsFields = {
  ...(Object.fromEntries(METERS.map((meter) => [meter, integerString])) as Record<(typeof METERS)[number], typeof integerString>),
  total: integerString,
};

const meterSchema = z.enum(METERS);

/** A tenant's usage billed in one period (usage.controller.ts). */
export const usageReportSchema = z
  .object({
    tenantId: z.uuid(),
    period: z.string().meta({ description: 'The UTC month, YYYY-MM' }),
    meters: z.array(meterSchema).meta({ description: 'The meters, in the order included tokens draw them' }),
    totals: z.object(meterTotalsFields),
    byDay: z.array(z.object({ day: z.string().meta({ description: 'YYYY-MM-DD (UTC)' }), ...meterTotalsFields })),
    byModel: z.array(z.object({ model: z.string(), ...meterTotalsFields })),
    adjustments: z
      .array(z.object({ usageDay: z.string(), model: z.string(), meter: z.string(), tokens: integerString, events: integerString }))
      .meta({ description: 'Usage of earlier periods that arrived after their invoice, billed in this one' }),
  })
  .meta({ id: 'UsageReport' }) satisfies z.ZodType<Wire<Awaited<ReturnType<UsageService['report']>>>>;
