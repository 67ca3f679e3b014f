import { z } from 'zod';

/**
 * Every event travels in the same envelope: a unique id (consumers deduplicate on it), the event type and
 * schema version, when it happened, which service produced it, and the typed payload.
 */
export function eventEnvelope<Type extends string, Version extends number, Data extends z.ZodType>(
  type: Type,
  version: Version,
  data: Data,
) {
  return z.strictObject({
    id: z.uuid(),
    type: z.literal(type),
    version: z.literal(version),
    occurredAt: z.iso.datetime({ offset: true }),
    producer: z.string().min(1),
    data,
  });
}

export type AnyEventEnvelope = {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  producer: string;
  data: unknown;
};
