// Wire types billing-service declares, imported as types only (nothing of the client reaches the bundle).
import type { BillingPaths, BillingSchemas } from '../../../../libs/api-client/src';
import { CountedPage, requestJson, send } from './http';

/** An endpoint as shown: never its secret, except once in `secret` after create or rotate. */
export type WebhookEndpoint = BillingSchemas['WebhookEndpoint'];
export type EndpointWithSecret = BillingSchemas['WebhookEndpointWithSecret'];
/** A delivery in the log, with its latest attempt. */
export type WebhookDelivery = BillingSchemas['WebhookDelivery'];
/** One delivery with every attempt and the payload it sends. */
export type WebhookDeliveryDetail = BillingSchemas['WebhookDeliveryDetail'];
type NewEndpoint = BillingPaths['/v1/webhooks/endpoints']['post']['requestBody']['content']['application/json'];
type EndpointChange = BillingPaths['/v1/webhooks/endpoints/{id}']['patch']['requestBody']['content']['application/json'];

/** A tenant's webhook endpoints (a signed-in tenant user manages them). */
export const webhooksApi = (token: string) => ({
  eventTypes: () => requestJson<BillingSchemas['WebhookEventTypes']>('billing', '/v1/webhooks/event-types', { token }).then((list) => list.data),
  endpoints: (limit: number, after?: string) => requestJson<CountedPage<WebhookEndpoint>>('billing', '/v1/webhooks/endpoints', { token, query: { limit, after } }),
  endpoint: (id: string) => requestJson<WebhookEndpoint>('billing', `/v1/webhooks/endpoints/${id}`, { token }),
  create: (body: NewEndpoint) => requestJson<EndpointWithSecret>('billing', '/v1/webhooks/endpoints', { token, body }),
  /** Changes any of url, eventTypes and description; the secret and the delivery log stay. */
  update: (id: string, body: EndpointChange) => requestJson<WebhookEndpoint>('billing', `/v1/webhooks/endpoints/${id}`, { token, method: 'PATCH', body }),
  rotateSecret: (id: string) => requestJson<EndpointWithSecret>('billing', `/v1/webhooks/endpoints/${id}/rotate-secret`, { token, body: {} }),
  setEnabled: (id: string, enabled: boolean) => requestJson<WebhookEndpoint>('billing', `/v1/webhooks/endpoints/${id}/${enabled ? 'enable' : 'disable'}`, { token, method: 'POST' }),
  remove: (id: string) => send('billing', `/v1/webhooks/endpoints/${id}`, { token, method: 'DELETE' }),
  deliveries: (id: string, limit: number, after?: string) =>
    requestJson<CountedPage<WebhookDelivery>>('billing', `/v1/webhooks/endpoints/${id}/deliveries`, { token, query: { limit, after } }),
  redeliver: (id: string, deliveryId: string) =>
    requestJson<WebhookDeliveryDetail>('billing', `/v1/webhooks/endpoints/${id}/deliveries/${deliveryId}/redeliver`, { token, method: 'POST' }),
});
