import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyPrincipal, ApiKeyScope, ApiKeyVerifier, TENANT_SUSPENDED_MESSAGE } from './api-key-verifier';
import { bearerToken } from './bearer-token';

/** DI token for the ApiKeyVerifier a service builds over its key table. */
export const API_KEY_VERIFIER = Symbol('API_KEY_VERIFIER');

const REQUIRED_SCOPE = 'llmchain:api-key-scope';

/** Marks a handler or controller as needing a key with this scope. */
export const RequireApiKeyScope = (scope: ApiKeyScope) => SetMetadata(REQUIRED_SCOPE, scope);

/** The request property where the guard leaves the authenticated key. */
export type ApiKeyAuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; apiKey?: ApiKeyPrincipal };

/**
 * Lets a request through with a valid, unexpired, unrevoked key (and the required scope, if any) and attaches the
 * key's tenant to the request. No key or an unknown one: 401; a valid key lacking the scope, or of a suspended
 * tenant: 403 (the key itself is fine, so a client should not retry with another of the tenant's keys).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(API_KEY_VERIFIER) private readonly verifier: ApiKeyVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ApiKeyAuthenticatedRequest>();
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]);
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException('send an API key as Authorization: Bearer <key>');
    const verdict = await this.verifier.verify(token, scope);
    if (verdict.ok) {
      request.apiKey = verdict.principal;
      return true;
    }
    if (verdict.reason === 'missing-scope') throw new ForbiddenException(`this API key lacks the "${scope}" scope`);
    if (verdict.reason === 'tenant-suspended') throw new ForbiddenException(TENANT_SUSPENDED_MESSAGE);
    throw new UnauthorizedException(`API key ${verdict.reason}`);
  }
}
