import { DeliveryDetailRow, DeliveryRow } from './webhook-deliveries.repository';
import { EndpointRow } from './webhook-endpoints.repository';
import { publicEventId } from './webhook-payload';

export function endpointView(row: EndpointRow) {
  return { object: 'webhook_endpoint' as const, ...row, status: row.disabledAt ? ('disabled' as const) : ('enabled' as const) };
}
export type EndpointView = ReturnType<typeof endpointView>;

/** A delivery with its latest attempt (the list's row). */
export function deliveryView(row: DeliveryRow) {
  const { event, attemptLog, eventId, ...rest } = row;
  return { object: 'webhook_delivery' as const, ...rest, eventId: publicEventId(eventId), eventType: event.type, lastAttempt: attemptLog.at(0) ?? null };
}

/** One delivery with every attempt in order and the exact payload it sends. */
export function deliveryDetailView(row: DeliveryDetailRow) {
  const { event, eventId, ...rest } = row;
  return { object: 'webhook_delivery' as const, ...rest, eventId: publicEventId(eventId), eventType: event.type, payload: JSON.parse(event.body) as unknown };
}
