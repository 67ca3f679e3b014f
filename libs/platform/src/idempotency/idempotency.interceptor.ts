import {
  BadRequestException,
  CallHandler,
  ConflictException,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { RESPONSE_PASSTHROUGH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Logger } from 'pino';
import { catchError, defer, Observable, of, switchMap, throwError } from 'rxjs';
import { bearerToken } from '../auth/bearer-token';
import { ROOT_LOGGER } from '../logging/root-logger';
import { IDEMPOTENCY_CONTEXT, IdempotentRequestContext, ReplayFirstResponse } from './idempotent-content';
import { IdempotencyRecordKey, IdempotencyStore } from './idempotency-store';
import { requestFingerprint, sha256Hex } from './request-fingerprint';
import { openResponse, sealResponse } from './response-seal';

/** Stripe's limits: keys of up to 255 characters, remembered for 24 hours. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const TTL_MS = 24 * 3_600_000;
/** Longer than any request runs (the largest upload included): past it, a first request is taken to have died. */
const LEASE_MS = 15 * 60_000;
/** Answers a retry should not see replayed: the request did not take effect, or may succeed later. */
const NOT_KEPT = (status: number) => status >= 500 || status === 409 || status === 429;

type HttpRequest = { method: string; originalUrl: string; headers: Record<string, string | string[] | undefined>; body?: unknown; [IDEMPOTENCY_CONTEXT]?: IdempotentRequestContext };
type HttpResponse = {
  statusCode: number;
  status(code: number): HttpResponse;
  json(body: unknown): HttpResponse;
  setHeader(name: string, value: string): void;
  on(event: 'close', listener: () => void): void;
};

/**
 * Idempotency-Key on every POST of every service, with Stripe's rules: the first response to a key (status and body)
 * is replayed to a retry with the same request (header Idempotent-Replayed: true); the same key with another request
 * is 422; a retry while the first is still running is 409; keys are per credential and forgotten after 24 hours.
 * Errors that left no effect (5xx, 409, 429) are not kept, so their retry runs afresh. Requests without a bearer
 * credential (login) keep no record. Runs after the guards, so only authenticated requests claim keys.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const response = context.switchToHttp().getResponse<HttpResponse>();
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    const credential = bearerToken(request.headers.authorization);
    if (request.method !== 'POST' || key === undefined || !credential) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      return throwError(() => new BadRequestException('Idempotency-Key: must be 1 to 255 printable ASCII characters without spaces (a UUID, say)'));
    }
    const record = { scopeHash: sha256Hex(`credential:${credential}`), keyHash: sha256Hex(`idempotency-key:${key}`) };
    const fingerprint = requestFingerprint(request.method, request.originalUrl, request.body);
    return defer(() => this.store.claim(record, fingerprint, LEASE_MS, TTL_MS)).pipe(
      switchMap((claim) => {
        switch (claim.kind) {
          case 'other-request':
            throw new UnprocessableEntityException('Idempotency-Key: this key was used with another request (method, path or body); use a new key for a new request');
          case 'in-flight':
            throw new ConflictException('Idempotency-Key: the first request with this key is still in progress; retry once it has answered');
          case 'claimed':
            request[IDEMPOTENCY_CONTEXT] = { mode: 'first', store: this.store, record };
            this.keepFirstResponse(response, record, credential, key);
            return next.handle();
          case 'done': {
            const replay = () => this.replay(context, response, claim.status, claim.response && openResponse(credential, key, claim.response));
            if (claim.contentHash === null) return replay();
            // A streamed upload: the route reads the retry's content and, when it matches, asks for the replay.
            request[IDEMPOTENCY_CONTEXT] = { mode: 'verify', expectedContentHash: claim.contentHash };
            return next.handle().pipe(catchError((error) => (error instanceof ReplayFirstResponse ? replay() : throwError(() => error))));
          }
        }
      }),
    );
  }

  /**
   * Every answer to the first request, the handler's or an exception filter's, leaves through response.json: it is
   * kept (sealed) before it is sent, so a retry arriving right after finds it. A response that never goes through
   * json (a stream) is recorded as not replayable when the connection closes.
   */
  private keepFirstResponse(response: HttpResponse, record: IdempotencyRecordKey, credential: string, key: string): void {
    const send = response.json.bind(response);
    let settled = false;
    response.json = (body: unknown) => {
      settled = true;
      void this.settle(record, response.statusCode, body, credential, key).finally(() => send(body));
      return response;
    };
    response.on('close', () => {
      if (!settled) void this.store.complete(record, response.statusCode, null).catch((error) => this.logger.error({ err: error }, 'keeping an idempotent outcome failed'));
    });
  }

  private async settle(record: IdempotencyRecordKey, status: number, body: unknown, credential: string, key: string): Promise<void> {
    try {
      if (NOT_KEPT(status)) return await this.store.release(record);
      const json = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
      await this.store.complete(record, status, sealResponse(credential, key, json));
    } catch (error) {
      this.logger.error({ err: error }, 'keeping an idempotent response failed; a retry with this key waits for the lease to end');
    }
  }

  private replay(context: ExecutionContext, response: HttpResponse, status: number, json: string | null): Observable<unknown> {
    if (json === null) {
      throw new ConflictException('Idempotency-Key: the first request with this key answered with a stream, which cannot be replayed; use a new key to ask again');
    }
    const body: unknown = JSON.parse(json);
    response.setHeader('Idempotent-Replayed', 'true');
    if (sendsOwnResponse(context)) {
      response.status(status).json(body);
      return of(undefined);
    }
    // Nest sets the route's own status (201, or @HttpCode) after the handler: the first response's status must win.
    response.status(status);
    response.status = () => response;
    return of(body);
  }
}

/** Whether the handler takes @Res() without passthrough, and so sends its response itself. */
function sendsOwnResponse(context: ExecutionContext): boolean {
  const controller = context.getClass();
  const method = context.getHandler().name;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, unknown>;
  const takesResponse = Object.keys(args).some((k) => k.split(':')[0] === String(RouteParamtypes.RESPONSE));
  return takesResponse && !Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, method);
}
