import { httpExceptionMessage, PlatformExceptionFilter, Refusal } from '@llmchain/platform';
import { Catch, HttpException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenAiError } from './openai-error';

/** The routes OpenAI's clients call; Express matches paths case-insensitively, so this does too. */
const OPENAI_ROUTE = /^\/v1(?:[/?]|$)/i;

type ServingRefusal = Refusal & { openAi?: OpenAiError };

/**
 * serving's global error filter: the platform's (outages → 503 with Retry-After, unknown errors logged with the
 * request id and answered 500), answered in OpenAI's `{error: {message, type, param, code}}` shape on every /v1
 * route, including what Nest refuses before a controller runs (a body past the limit, an unknown path).
 */
@Catch()
export class OpenAiErrorFilter extends PlatformExceptionFilter {
  protected override refusalFor(exception: unknown, req: IncomingMessage & { id?: unknown }): ServingRefusal {
    if (!(exception instanceof OpenAiError)) return super.refusalFor(exception, req);
    return { status: exception.status, body: exception.body, message: exception.message, retryAfterSeconds: exception.retryAfterSeconds, openAi: exception };
  }

  protected override respond(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, refusal: ServingRefusal): void {
    if (!OPENAI_ROUTE.test(req.originalUrl ?? req.url ?? '')) return super.respond(req, res, refusal);
    const error = refusal.openAi ?? openAiErrorFor(refusal);
    super.respond(req, res, { ...refusal, status: error.status, body: error.body, retryAfterSeconds: error.retryAfterSeconds });
  }
}

/** OpenAI's error for a refusal that did not start as one: Nest's own, an outage, an unknown error. */
function openAiErrorFor({ status, message, outage, retryAfterSeconds }: Refusal): OpenAiError {
  if (outage) return new OpenAiError(status, message, 'service_unavailable', null, 'dependency_unavailable', retryAfterSeconds);
  if (status === 401) return OpenAiError.unauthorized(message);
  if (status === 404) return new OpenAiError(404, message, 'invalid_request_error', null, 'unknown_url');
  if (status === 413) return new OpenAiError(413, message, 'invalid_request_error', null, 'request_too_large');
  if (status < 500) return new OpenAiError(status, message, 'invalid_request_error');
  return new OpenAiError(500, 'The server had an error while processing your request.', 'server_error');
}

/** OpenAI's error for an exception met outside the filter (a generation that failed mid-stream). */
export function toOpenAiError(exception: unknown): OpenAiError {
  if (exception instanceof OpenAiError) return exception;
  if (exception instanceof HttpException) return openAiErrorFor({ status: exception.getStatus(), body: {}, message: httpExceptionMessage(exception) });
  return openAiErrorFor({ status: 500, body: {}, message: '' });
}
