import { AnyEventEnvelope } from '@llmchain/contracts';
import { WebhookEventSource } from './webhook-event-sources';

/** A webhook event ready to store and send: the body is fixed here, so every attempt signs and sends the same bytes. */
export type WebhookEventRecord = { id: string; tenantId: string; type: string; body: string; createdAt: Date };

/** The id receivers see (webhook-id and the body's id): the source event's UUID, stable across every attempt. */
export function publicEventId(eventId: string): string {
  return `evt_${eventId.replace(/-/g, '')}`;
}

/**
 * OpenAI's webhook payload, `{id, object: "event", type, created_at, data}`: data carries the object's id (its source
 * field renamed `id`) and the rest of the event's data in snake_case, without the tenantId the receiver knows.
 */
export function webhookEventOf(source: WebhookEventSource<never>, event: AnyEventEnvelope): WebhookEventRecord {
  const { tenantId, [source.idField]: objectId, ...rest } = event.data as Record<string, unknown> & { tenantId: string };
  const type = source.typeOf(event as never);
  const createdAt = new Date(event.occurredAt);
  const payload = {
    id: publicEventId(event.id),
    object: 'event',
    type,
    created_at: Math.floor(createdAt.getTime() / 1000),
    data: { id: objectId, ...(snakeCaseKeys(rest) as Record<string, unknown>) },
  };
  return { id: event.id, tenantId, type, body: JSON.stringify(payload), createdAt };
}

function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeCaseKeys(inner)]));
}
