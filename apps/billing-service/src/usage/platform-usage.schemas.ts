import { z } from 'zod';
import { METERS } from '../common/meters';
import { integerString, Wire } from '../common/wire';
import { PlatformUsageService } from './platform-usage.service';
import { meterTotalsFields } from './usage.schemas';

/** Every tenant's usage over a month or a day range (platform-usage.controller.ts). */
export const platformUsageReportSchema = z
  .object({
    from: z.string().meta({ description: 'First day, YYYY-MM-DD (UTC)' }),
    to: z.string().meta({ description: 'Last day, included' }),
    period: z.string().nullable().meta({ description: 'The month asked for; null for a day range' }),
    meters: z.array(z.enum(METERS)),
    totals: z.object(meterTotalsFields),
    byMeter: z.array(z.object({ meter: z.enum(METERS), tokens: integerString, events: integerString })),
    byDay: z.array(z.object({ day: z.string(), ...meterTotalsFields })).meta({ description: 'Every day of the range, zeros included' }),
    byModel: z.array(z.object({ model: z.string(), ...meterTotalsFields })).meta({ description: 'Most tokens first' }),
    topTenants: z.array(z.object({ tenantId: z.string(), name: z.string().nullable(), ...meterTotalsFields })).meta({ description: 'The ?top= tenants that used most, most first' }),
    tenantsWithUsage: z.number().int(),
  })
  .meta({ id: 'PlatformUsageReport' }) satisfies z.ZodType<Wire<Awaited<ReturnType<PlatformUsageService['report']>>>>;
