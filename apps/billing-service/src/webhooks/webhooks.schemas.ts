import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { Wire } from '../common/wire';
import { EndpointWithSecret } from './webhook-endpoints.service';
import { deliveryDetailView, deliveryView, EndpointView } from './webhook-views';

const endpointExample = {
  object: 'webhook_endpoint',
  id: '7c1e9b2a-4d3f-4e8a-b5c6-1a2b3c4d5e6f',
  url: 'https://hooks.example.com/llmchain',
  description: 'Billing alerts to the finance channel',
  eventTypes: ['credit.low', 'invoice.issued'],
  status: 'enabled',
  disabledAt: null,
  disabledReason: null,
  failingSince: null,
  previousSecretExpiresAt: null,
  createdAt: '2026-12-01T09:30:00.000Z',
  updatedAt: '2026-12-01T09:30:00.000Z',
};

/** An endpoint as webhook-views.ts shows it: never its secret. */
export const webhookEndpointSchema = z
  .object({
    object: z.literal('webhook_endpoint'),
    id: z.uuid(),
    url: z.string().meta({ description: 'An https URL on a public address' }),
    description: z.string(),
    eventTypes: z.array(z.string()).meta({ description: 'The event types sent to it (GET /v1/webhooks/event-types lists them)' }),
    status: z.enum(['enabled', 'disabled']),
    disabledAt: isoDateTime.nullable(),
    disabledReason: z.enum(['tenant', 'failing']).nullable().meta({ description: 'tenant: disabled through the API; failing: every attempt failed for too long. Only the tenant enables it again' }),
    failingSince: isoDateTime.nullable().meta({ description: 'The first failed attempt since the last successful one; null while deliveries succeed' }),
    previousSecretExpiresAt: isoDateTime.nullable().meta({ description: 'After a rotation the previous secret signs beside the new one until then' }),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'WebhookEndpoint', example: endpointExample }) satisfies z.ZodType<Wire<EndpointView>>;

/** The answer of a creation or a rotation: the only time the signing secret is shown. */
export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({ secret: z.string().meta({ description: 'The Standard Webhooks signing secret (whsec_…), shown in this answer only: billing keeps it encrypted and never shows it again' }) })
  .meta({ id: 'WebhookEndpointWithSecret', example: { ...endpointExample, secret: 'whsec_CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYY=' } }) satisfies z.ZodType<Wire<EndpointWithSecret>>;

export const webhookEventTypesSchema = z.object({ object: z.literal('list'), data: z.array(z.string()) }).meta({ id: 'WebhookEventTypes' });

const attemptSchema = z
  .object({
    number: z.number().int().min(1),
    trigger: z.enum(['scheduled', 'manual']).meta({ description: 'manual: a redelivery asked through the API' }),
    attemptedAt: isoDateTime,
    durationMs: z.number().int(),
    responseStatus: z.number().int().nullable().meta({ description: 'The receiver’s HTTP status; null when no answer came' }),
    responseBody: z.string().nullable().meta({ description: 'The start of the receiver’s answer (a few KiB at most)' }),
    error: z.string().nullable().meta({ description: 'Why no answer came: timeout, refused address, connection error' }),
  })
  .meta({ id: 'WebhookAttempt' });

const deliveryFields = {
  object: z.literal('webhook_delivery'),
  id: z.uuid(),
  endpointId: z.uuid(),
  eventId: z.string().meta({ description: 'evt_…: the webhook-id header and the body’s id, the same in every attempt' }),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']).meta({ description: 'pending: nextAttemptAt says when; succeeded: a 2xx answer; failed: no 2xx within the retry window' }),
  attempts: z.number().int().min(0),
  nextAttemptAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
};

/** A delivery in the log, with its latest attempt. */
export const webhookDeliverySchema = z
  .object({ ...deliveryFields, lastAttempt: attemptSchema.nullable() })
  .meta({ id: 'WebhookDelivery' }) satisfies z.ZodType<Wire<ReturnType<typeof deliveryView>>>;

/** One delivery with every attempt in order and the exact payload it sends. */
export const webhookDeliveryDetailSchema = z
  .object({
    ...deliveryFields,
    attemptLog: z.array(attemptSchema).meta({ description: 'Every attempt, first to last' }),
    payload: z.unknown().meta({ description: 'The JSON body every attempt sends: {id, object: "event", type, created_at, data}' }),
  })
  .meta({ id: 'WebhookDeliveryDetail' }) satisfies z.ZodType<Wire<ReturnType<typeof deliveryDetailView>>>;
