import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { Caller, RouteAuth, RouteDoc } from './route-doc';

export type OpenApiDocument = ReturnType<typeof createDocument>;

export type ServiceDocumentSpec = {
  title: string;
  description: string;
  version: string;
  /** The error body this service answers with (the platform's, or OpenAI's on serving). */
  errorSchema: z.ZodType;
  /** Its component name (OpenAI's SDKs expect `ErrorResponse`). */
  errorName?: string;
  routes: readonly RouteDoc[];
};

const CALLER_TAGS: Record<Caller, { name: string; description: string }> = {
  tenant: { name: 'Tenant', description: 'Called by tenants’ programs with an API key' },
  'data team': { name: 'Data team', description: 'Called by a tenant’s data team (API key with the data or training scope)' },
  admin: { name: 'Admin', description: 'Called by platform admins with a session token from POST /auth/login' },
  anyone: { name: 'Anyone', description: 'Open: health, probes, login, this document' },
  operator: { name: 'Operator', description: 'Operational endpoints, for the platform’s operators' },
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid; the message names each field and what to fix',
  401: 'Missing, unknown, revoked or expired credentials',
  402: 'Not enough credit or budget left',
  403: 'The credentials do not allow this route (wrong scope, audience, or a suspended tenant)',
  404: 'No such resource for the caller (another tenant’s answers the same)',
  409: 'Conflicts with the resource’s current state',
  413: 'The body or upload is over its size bound',
  415: 'Unsupported media type',
  422: 'Well-formed, but cannot be processed',
  429: 'Rate limit, exhausted quota, or a full queue; see Retry-After',
  503: 'A dependency is down, or the resource is still loading; see Retry-After',
};

/** The errors any route can answer given how it authenticates and what it reads. */
export function standardErrors(route: RouteDoc): number[] {
  const statuses = new Set<number>([503, ...(route.errors ?? [])]);
  if (route.body || route.multipart || route.upload || route.query || route.path.includes(':')) statuses.add(400);
  if (route.auth !== 'none') statuses.add(401).add(403);
  // A path or a body can name a resource the caller does not have.
  if (route.path.includes(':') || (route.body && route.auth !== 'none')) statuses.add(404);
  // A write can meet a resource in a state that refuses it (an issued invoice, a deactivated user, a finished job).
  if (route.method !== 'GET') statuses.add(409);
  if (route.multipart || route.upload) statuses.add(413).add(415);
  // Every body is size-bounded (the JSON parser's limit).
  if (route.body) statuses.add(413);
  // The platform's interceptor honours Idempotency-Key on every POST: another body under a used key is a 422.
  if (route.method === 'POST') statuses.add(422);
  // A tenant's writes meet its caps and balances (unfinished runs, storage quota, prepaid credits): 429 naming them.
  if (route.method === 'POST' && (route.auth === 'tenant key' || (typeof route.auth === 'object' && 'apiKey' in route.auth))) statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

const SECURITY_SCHEMES = {
  apiKey: { type: 'http', scheme: 'bearer', description: 'An API key billing issued; the requirement names the scope it must hold' },
  adminSession: { type: 'http', scheme: 'bearer', description: 'A platform admin’s session token, from POST /auth/login on billing' },
  operatorToken: { type: 'http', scheme: 'bearer', description: 'The deployment’s OPERATOR_TOKEN' },
} as const;

const securityOf = (auth: RouteAuth): Record<string, string[]>[] => {
  if (auth === 'none') return [];
  if (auth === 'admin session') return [{ adminSession: [] }];
  if (auth === 'operator') return [{ operatorToken: [] }];
  if (auth === 'tenant key') return [{ apiKey: [] }];
  return [{ apiKey: [auth.apiKey] }];
};

/** Nest's `/corpora/:id` as OpenAPI's `/corpora/{id}`. */
export const openApiPath = (nestPath: string) => nestPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const pathParamNames = (nestPath: string) => [...nestPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);

/** The standard error answers, once in components.responses for every operation to reference. */
const errorResponseName = (status: number) => `Error${status}`;

function responsesOf(route: RouteDoc): ZodOpenApiResponsesObject {
  const responses: Record<string, ZodOpenApiResponseObject | { $ref: string }> = {};
  for (const [status, answer] of Object.entries(route.responses)) {
    if (!answer) continue;
    const content: Record<string, { schema: z.ZodType }> = {};
    if (answer.json) content['application/json'] = { schema: answer.json };
    if (answer.sse) content['text/event-stream'] = { schema: answer.sse.meta({ description: 'Each `data:` line holds one of these events; the stream ends with `data: [DONE]`' }) };
    if (answer.mediaType) content[answer.mediaType] = { schema: z.string() };
    responses[status] = { description: answer.description, ...(Object.keys(content).length ? { content } : {}) };
  }
  for (const status of standardErrors(route)) {
    responses[String(status)] ??= { $ref: `#/components/responses/${errorResponseName(status)}` };
  }
  return responses as ZodOpenApiResponsesObject;
}

function operationOf(route: RouteDoc): ZodOpenApiOperationObject {
  const declared = route.params?.shape ?? {};
  const path = z.object(Object.fromEntries(pathParamNames(route.path).map((name) => [name, (declared as Record<string, z.ZodType>)[name] ?? z.string()])));
  const content: Record<string, { schema: z.ZodType; example?: unknown }> = {};
  if (route.body) content['application/json'] = { schema: route.body, ...(route.example !== undefined ? { example: route.example } : {}) };
  if (route.multipart) content['multipart/form-data'] = { schema: route.multipart };
  if (route.upload) content[route.upload.mediaType] = { schema: z.string().meta({ format: 'binary', description: route.upload.description }) };
  return {
    operationId: route.operationId ?? operationIdOf(route),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [CALLER_TAGS[route.caller].name],
    security: securityOf(route.auth),
    requestParams: {
      ...(Object.keys(path.shape).length ? { path } : {}),
      ...(route.query ? { query: route.query instanceof z.ZodPipe ? route.query.in : route.query } : {}),
      // Every POST honours Idempotency-Key (the platform's interceptor).
      ...(route.method === 'POST' ? { header: z.object({ 'Idempotency-Key': z.string().max(255).optional().meta({ description: 'Retries with the same key answer the first outcome' }) }) } : {}),
    },
    ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
    responses: responsesOf(route),
  };
}

/** `GET /corpora/:id` → `getCorporaById`: unique per method and path. */
function operationIdOf(route: RouteDoc): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `by-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [route.method.toLowerCase(), ...words.map((w) => w[0].toUpperCase() + w.slice(1))].join('');
}

/** The OpenAPI 3.1 document of one service, generated from its routes' zod schemas. */
export function buildOpenApiDocument(spec: ServiceDocumentSpec): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  const errorSchema = spec.errorSchema.meta({ id: spec.errorName ?? 'Error' });
  for (const route of spec.routes) {
    const item = (paths[openApiPath(route.path)] ??= {}) as Record<string, ZodOpenApiOperationObject>;
    const method = route.method.toLowerCase();
    if (item[method]) throw new Error(`${route.method} ${route.path} is documented twice`);
    item[method] = operationOf(route);
  }
  const errorStatuses = [...new Set(spec.routes.flatMap(standardErrors))].sort((a, b) => a - b);
  const used = new Set(spec.routes.flatMap((route) => securityOf(route.auth).flatMap(Object.keys)));
  const callers = [...new Set(spec.routes.map((r) => r.caller))];
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: spec.title, version: spec.version, description: spec.description, license: { name: 'UNLICENSED', identifier: 'UNLICENSED' } },
      servers: [{ url: '/', description: 'This service' }],
      tags: callers.map((caller) => CALLER_TAGS[caller]),
      components: {
        responses: Object.fromEntries(
          errorStatuses.map((status) => [errorResponseName(status), { description: ERROR_DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: errorSchema } } }]),
        ),
        securitySchemes: Object.fromEntries(Object.entries(SECURITY_SCHEMES).filter(([name]) => used.has(name))),
      },
      paths,
    },
  );
}
