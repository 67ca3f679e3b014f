import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Dependency, dependencyOutage, OUTAGE_RETRY_AFTER_SECONDS } from './dependency-outage';

/** What one failed request is answered with, before it is put in a service's error shape. */
export type Refusal = {
  status: number;
  /** Nest's body for an HttpException (kept as the code that threw it wrote it), else a `{statusCode, message}`. */
  body: object;
  message: string;
  retryAfterSeconds?: number;
  /** Set when a dependency is away. */
  outage?: Dependency;
};

type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

/**
 * Every service's last word on an HTTP request's error. A refusal the code meant (an HttpException) answers as Nest
 * would; a database or Redis outage answers 503 with Retry-After, so clients back off and retry instead of treating
 * it as a bug; anything else is a 500 that says nothing internal. Outages and unknown errors are logged with the
 * request id pino-http gave the request, so the answer a client got can be found in the log. Events consumed from
 * Kafka are left to Nest's RPC handling, which lets the error reach the consumer (and its redelivery).
 */
@Catch()
export class PlatformExceptionFilter implements ExceptionFilter {
  private readonly rpc = new BaseRpcExceptionFilter();

  constructor(protected readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return this.rpc.catch(exception, host);
    const req = host.switchToHttp().getRequest<LoggedRequest>();
    const res = host.switchToHttp().getResponse<ServerResponse>();
    const refusal = this.refusalFor(exception, req);
    if (res.headersSent) {
      // A stream already under way: its status is sent; ending it is the only answer left.
      res.end();
      return;
    }
    this.respond(req, res, refusal);
  }

  /** Writes the refusal in this service's error shape; serving overrides it with OpenAI's on its /v1 routes. */
  protected respond(_req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
    if (refusal.retryAfterSeconds !== undefined) headers['Retry-After'] = String(refusal.retryAfterSeconds);
    res.writeHead(refusal.status, headers).end(JSON.stringify(refusal.body));
  }

  protected refusalFor(exception: unknown, req: LoggedRequest): Refusal {
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message = httpExceptionMessage(exception);
      return { status: exception.getStatus(), body: typeof body === 'string' ? { statusCode: exception.getStatus(), message } : body, message };
    }
    const clientError = exposedClientError(exception);
    if (clientError) return { ...clientError, body: { statusCode: clientError.status, message: clientError.message } };
    const where = { reqId: req.id, method: req.method, url: req.originalUrl ?? req.url };
    const outage = dependencyOutage(exception);
    if (outage) {
      this.logger.error({ err: exception, ...where, dependency: outage }, `request refused: ${outage} unavailable`);
      const message = `the ${outage} is not answering right now; retry in ${OUTAGE_RETRY_AFTER_SECONDS} s`;
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      return { status, body: { statusCode: status, error: 'Service Unavailable', message }, message, retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS, outage };
    }
    this.logger.error({ err: exception, ...where }, 'request failed with an unexpected error');
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    return { status, body: { statusCode: status, message: 'Internal server error' }, message: 'Internal server error' };
  }
}

type HttpError = Error & { status?: unknown; expose?: unknown; type?: unknown; limit?: unknown; length?: unknown };

/**
 * A refusal Express's own middleware raised before any route ran (body-parser's: a body past the limit, an
 * unsupported charset, an aborted upload), as http-errors: a 4xx whose message is meant for the client.
 */
function exposedClientError(exception: unknown): { status: number; message: string } | null {
  const error = exception as HttpError;
  if (!(exception instanceof Error) || error.expose !== true || typeof error.status !== 'number' || error.status < 400 || error.status > 499) return null;
  if (error.type === 'entity.too.large') {
    return { status: error.status, message: `the request body (${String(error.length)} bytes) is larger than the ${String(error.limit)} bytes this endpoint reads` };
  }
  return { status: error.status, message: error.message };
}

/** The message of an HttpException's body, its list of messages joined when it has several (a validation pipe's). */
export function httpExceptionMessage(exception: HttpException): string {
  const body = exception.getResponse();
  const detail = typeof body === 'object' && body !== null && 'message' in body ? (body as { message: unknown }).message : body;
  return Array.isArray(detail) ? detail.join('; ') : String(detail);
}
