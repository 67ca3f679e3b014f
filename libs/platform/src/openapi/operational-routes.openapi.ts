import { z } from 'zod';
import { listProbesSchema, sendProbesSchema } from '../probe/probe.dto';
import { RouteDoc } from './route-doc';

const healthStatus = z.looseObject({ status: z.string() });

/** The routes the platform module gives every service: health, the chain's probes, metrics, and this document. */
export const OPERATIONAL_ROUTES: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/health/live',
    summary: 'The process is up',
    caller: 'anyone',
    auth: 'none',
    responses: { 200: { description: 'Up', json: z.object({ status: z.literal('ok'), uptimeSeconds: z.number().int() }) } },
  },
  {
    method: 'GET',
    path: '/health/ready',
    summary: 'The database, Redis and Kafka answer (which one failed is shown to operators only)',
    caller: 'anyone',
    auth: 'none',
    responses: { 200: { description: 'Ready', json: healthStatus }, 503: { description: 'A dependency does not answer', json: healthStatus } },
  },
  {
    method: 'POST',
    path: '/diagnostics/probes',
    summary: 'Send probe events through Kafka to another service',
    caller: 'operator',
    auth: 'operator',
    body: sendProbesSchema,
    example: { to: 'billing-service', count: 2, note: 'smoke test' },
    responses: { 201: { description: 'Probes written to the outbox', json: z.looseObject({}) } },
  },
  {
    method: 'GET',
    path: '/diagnostics/probes',
    summary: 'The probes this service received',
    caller: 'operator',
    auth: 'operator',
    query: listProbesSchema,
    responses: { 200: { description: 'Probe summary', json: z.looseObject({}) } },
  },
  { method: 'GET', path: '/metrics', summary: 'Prometheus metrics', caller: 'operator', auth: 'operator', responses: { 200: { description: 'Text exposition format', mediaType: 'text/plain' } } },
  {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This document',
    caller: 'anyone',
    auth: 'none',
    responses: { 200: { description: 'The OpenAPI 3.1 document', json: z.looseObject({ openapi: z.string() }) } },
  },
];
