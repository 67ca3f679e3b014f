import { CountedPage, requestJson, send } from './http';

/** billing's webhook-views.ts: an endpoint as shown (never its secret, except once in `secret` after create or rotate). */
export type WebhookEndpoint = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  status: 'enabled' | 'disabled';
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
};
export type EndpointWithSecret = WebhookEndpoint & { secret: string };

export type WebhookAttempt = { number: number; trigger: string; attemptedAt: string; durationMs: number | null; responseStatus: number | null; error: string | null };
export type WebhookDelivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  lastAttempt: WebhookAttempt | null;
};

/** A tenant's webhook endpoints (a signed-in tenant user manages them). */
export const webhooksApi = (token: string) => ({
  eventTypes: () => requestJson<{ data: string[] }>('billing', '/v1/webhooks/event-types', { token }).then((list) => list.data),
  endpoints: (limit: number, after?: string) => requestJson<CountedPage<WebhookEndpoint>>('billing', '/v1/webhooks/endpoints', { token, query: { limit, after } }),
  endpoint: (id: string) => requestJson<WebhookEndpoint>('billing', `/v1/webhooks/endpoints/${id}`, { token }),
  create: (body: { url: string; eventTypes: string[]; description: string }) => requestJson<EndpointWithSecret>('billing', '/v1/webhooks/endpoints', { token, body }),
  /** Changes any of url, eventTypes and description; the secret and the delivery log stay. */
  update: (id: string, body: { url: string; eventTypes: string[]; description: string }) =>
    requestJson<WebhookEndpoint>('billing', `/v1/webhooks/endpoints/${id}`, { token, method: 'PATCH', body }),
  rotateSecret: (id: string) => requestJson<EndpointWithSecret>('billing', `/v1/webhooks/endpoints/${id}/rotate-secret`, { token, body: {} }),
  setEnabled: (id: string, enabled: boolean) => requestJson<WebhookEndpoint>('billing', `/v1/webhooks/endpoints/${id}/${enabled ? 'enable' : 'disable'}`, { token, method: 'POST' }),
  remove: (id: string) => send('billing', `/v1/webhooks/endpoints/${id}`, { token, method: 'DELETE' }),
  deliveries: (id: string, limit: number, after?: string) =>
    requestJson<CountedPage<WebhookDelivery>>('billing', `/v1/webhooks/endpoints/${id}/deliveries`, { token, query: { limit, after } }),
  redeliver: (id: string, deliveryId: string) => requestJson<WebhookDelivery>('billing', `/v1/webhooks/endpoints/${id}/deliveries/${deliveryId}/redeliver`, { token, method: 'POST' }),
});
