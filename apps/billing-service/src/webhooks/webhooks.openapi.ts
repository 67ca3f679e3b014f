import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { createEndpointSchema, deliveryListQuerySchema, rotateSecretSchema, updateEndpointSchema } from './webhooks.dto';
import { webhookDeliveryDetailSchema, webhookDeliverySchema, webhookEndpointSchema, webhookEndpointWithSecretSchema, webhookEventTypesSchema } from './webhooks.schemas';

const MANAGER = 'Needs a signed-in tenant user’s session key or an API key with the `keys` scope (403 otherwise).';
const SECRET_ONCE = 'The answer holds the signing secret (`secret`), shown this once: store it now to verify signatures.';
const endpoint = (description: string) => ({ 200: { description, json: webhookEndpointSchema } });
const delivery = (description: string) => ({ 200: { description, json: webhookDeliveryDetailSchema } });

/** webhooks.controller.ts */
export const WEBHOOKS_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/v1/webhooks/event-types', summary: 'List the webhook event types', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'Every event type an endpoint can subscribe to', json: webhookEventTypesSchema } } },
  {
    method: 'POST', path: '/v1/webhooks/endpoints', summary: 'Create a webhook endpoint',
    description: `${SECRET_ONCE} The URL must be https on a public address; 409 when the tenant has the most endpoints allowed. ${MANAGER}`,
    caller: 'tenant', auth: 'tenant key', body: createEndpointSchema, example: { url: 'https://hooks.example.com/llmchain', eventTypes: ['credit.low', 'invoice.issued'], description: 'Billing alerts to the finance channel' },
    responses: { 201: { description: 'The endpoint with its signing secret', json: webhookEndpointWithSecretSchema } },
  },
  { method: 'GET', path: '/v1/webhooks/endpoints', summary: 'List your webhook endpoints', description: MANAGER, caller: 'tenant', auth: 'tenant key', query: listQuerySchema, responses: { 200: { description: 'A page of endpoints, oldest first, without their secrets', json: listPageOf(webhookEndpointSchema) } } },
  { method: 'GET', path: '/v1/webhooks/endpoints/:id', summary: 'Get a webhook endpoint', description: MANAGER, caller: 'tenant', auth: 'tenant key', responses: endpoint('The endpoint, without its secret') },
  { method: 'PATCH', path: '/v1/webhooks/endpoints/:id', summary: 'Change a webhook endpoint', description: `Changes any of url, eventTypes and description; the secret and the delivery log stay. ${MANAGER}`, caller: 'tenant', auth: 'tenant key', body: updateEndpointSchema, responses: endpoint('The changed endpoint') },
  { method: 'POST', path: '/v1/webhooks/endpoints/:id/disable', summary: 'Disable a webhook endpoint', description: `Stops deliveries; pending ones wait for it to be enabled. Disabling twice keeps the first reason. ${MANAGER}`, caller: 'tenant', auth: 'tenant key', responses: endpoint('The disabled endpoint') },
  { method: 'POST', path: '/v1/webhooks/endpoints/:id/enable', summary: 'Enable a webhook endpoint', description: `Resumes deliveries, the pending ones first, with a fresh failure run. ${MANAGER}`, caller: 'tenant', auth: 'tenant key', responses: endpoint('The enabled endpoint') },
  { method: 'DELETE', path: '/v1/webhooks/endpoints/:id', summary: 'Delete a webhook endpoint', description: `Its deliveries and their log go with it. ${MANAGER}`, caller: 'tenant', auth: 'tenant key', responses: { 204: { description: 'Deleted: nothing is sent to it any more' } } },
  {
    method: 'POST', path: '/v1/webhooks/endpoints/:id/rotate-secret', summary: 'Rotate a webhook endpoint’s signing secret',
    description: `${SECRET_ONCE} The previous secret keeps signing beside the new one (both signatures in webhook-signature) for \`overlapSeconds\` (24 h by default, 7 days at most; 0 ends it at once), so receivers can switch without missing a message. ${MANAGER}`,
    caller: 'tenant', auth: 'tenant key', body: rotateSecretSchema, responses: { 200: { description: 'The endpoint with its new signing secret', json: webhookEndpointWithSecretSchema } },
  },
  { method: 'GET', path: '/v1/webhooks/endpoints/:id/deliveries', summary: 'List a webhook endpoint’s deliveries', description: `Each with its latest attempt; \`status\` filters. ${MANAGER}`, caller: 'tenant', auth: 'tenant key', query: deliveryListQuerySchema, responses: { 200: { description: 'A page of deliveries', json: listPageOf(webhookDeliverySchema) } } },
  { method: 'GET', path: '/v1/webhooks/endpoints/:id/deliveries/:deliveryId', summary: 'Get a webhook delivery', description: MANAGER, caller: 'tenant', auth: 'tenant key', responses: delivery('The delivery with every attempt and the payload it sends') },
  {
    method: 'POST', path: '/v1/webhooks/endpoints/:id/deliveries/:deliveryId/redeliver', summary: 'Redeliver a webhook event',
    description: `Sends the same event (same id, same body) again now, whatever became of it, with a fresh retry run; 409 while the endpoint is disabled. ${MANAGER}`,
    caller: 'tenant', auth: 'tenant key', responses: delivery('The delivery, pending again'),
  },
];
