import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { serviceName } from './common';

/**
 * Any service → a named service: a synthetic end-to-end check of the event path (outbox, relay, broker, idempotent
 * consumer). The addressee records what arrived; everyone else ignores it.
 */
export const platformProbeV1 = eventEnvelope(
  TOPICS.platformProbe,
  1,
  z.strictObject({
    from: serviceName,
    to: serviceName,
    sequence: z.number().int().nonnegative(),
    note: z.string().max(1000),
  }),
);
export type PlatformProbeV1 = z.infer<typeof platformProbeV1>;
