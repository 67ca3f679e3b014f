import { listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { createEndpointSchema, deliveryListQuerySchema, rotateSecretSchema, updateEndpointSchema } from './webhooks.dto';

/** webhooks.controller.ts */
export const WEBHOOKS_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/v1/webhooks/event-types', summary: 'Event types (event types)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/webhooks/endpoints', summary: 'Create (endpoints)', caller: 'tenant', auth: 'tenant key', body: createEndpointSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/webhooks/endpoints', summary: 'List (endpoints)', caller: 'tenant', auth: 'tenant key', query: listQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/webhooks/endpoints/:id', summary: 'Get (endpoints)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'PATCH', path: '/v1/webhooks/endpoints/:id', summary: 'Update (endpoints)', caller: 'tenant', auth: 'tenant key', body: updateEndpointSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/webhooks/endpoints/:id/disable', summary: 'Disable (disable)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/webhooks/endpoints/:id/enable', summary: 'Enable (enable)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'DELETE', path: '/v1/webhooks/endpoints/:id', summary: 'Delete (endpoints)', caller: 'tenant', auth: 'tenant key', responses: { 204: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/webhooks/endpoints/:id/rotate-secret', summary: 'Rotate secret (rotate secret)', caller: 'tenant', auth: 'tenant key', body: rotateSecretSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/webhooks/endpoints/:id/deliveries', summary: 'Delivery log (deliveries)', caller: 'tenant', auth: 'tenant key', query: deliveryListQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/webhooks/endpoints/:id/deliveries/:deliveryId', summary: 'Delivery (deliveries)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/webhooks/endpoints/:id/deliveries/:deliveryId/redeliver', summary: 'Redeliver (redeliver)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
