import type { ApiKeyScope } from '../auth/api-key-verifier';
import { z } from 'zod';

/** Who calls a route, the grouping of the rendered reference: tenants' programs, the data team, platform admins. */
export type Caller = 'tenant' | 'data team' | 'admin' | 'anyone' | 'operator';

/**
 * How a route authenticates: an API key holding a scope, any tenant API key (billing's tenant routes), an admin
 * session token from POST /auth/login, the operator token, or nothing.
 */
export type RouteAuth = { apiKey: ApiKeyScope } | 'tenant key' | 'admin session' | 'operator' | 'none';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One documented answer: a JSON body, server-sent events (each `data:` line one event), or another media type. */
export type ResponseDoc = {
  description: string;
  json?: z.ZodType;
  /** The shape of each event's JSON; streams end with `data: [DONE]`. */
  sse?: z.ZodType;
  /** A body that is not JSON: its media type (a download, a metrics page). */
  mediaType?: string;
};

/** A route as its controller serves it, with the zod schemas that validate its request and shape its answers. */
export type RouteDoc = {
  method: HttpMethod;
  /** Exactly as Nest maps it: `/corpora/:id`. */
  path: string;
  summary: string;
  caller: Caller;
  auth: RouteAuth;
  /** OpenAI's operation name where the route is OpenAI's (the SDKs' generators key on it). */
  operationId?: string;
  description?: string;
  /** Path parameters; a parameter missing here is documented as a string. */
  params?: z.ZodObject;
  /** An object, or an object piped into a transform (its input is documented). */
  query?: z.ZodObject | z.ZodPipe<z.ZodObject, z.ZodType>;
  body?: z.ZodType;
  /** A multipart/form-data upload: the form's fields, the file as a binary string. */
  multipart?: z.ZodObject;
  /** A raw upload (a streamed archive): its media type, taken besides or instead of a JSON body. */
  upload?: { mediaType: string; description: string };
  /** A request body example, shown in the rendered reference. */
  example?: unknown;
  responses: Partial<Record<number, ResponseDoc>>;
  /** Error statuses beyond the ones every such route can answer (see standardErrors). */
  errors?: number[];
};

/** A file part of a multipart form. */
export const fileField = (description: string) => z.string().meta({ format: 'binary', description });
