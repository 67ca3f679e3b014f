import {
  API_KEY_REPLICA_TABLES,
  ApiKeyPrincipal,
  ApiKeyRow,
  ApiKeyVerifier,
  bearerToken,
  TENANT_SUSPENDED_MESSAGE,
  VerifiedKeyCache,
} from '@llmchain/platform';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { OpenAiError } from '../common/openai-error';
import { RequestPathSql } from '../database/request-path-sql.service';

export type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; apiKey?: ApiKeyPrincipal };

const REASONS: Record<string, string> = {
  malformed: 'Incorrect API key provided: it is not an llmchain API key.',
  unknown: 'Incorrect API key provided.',
  revoked: 'This API key has been revoked.',
  expired: 'This API key has expired.',
  'missing-scope': 'This API key lacks the "serving" scope.',
  'tenant-suspended': TENANT_SUSPENDED_MESSAGE,
};

/**
 * The platform's ApiKeyVerifier over serving's replicas of billing's keys and tenant suspensions, answering in OpenAI's
 * error shape (the platform's ApiKeyGuard answers Nest's). A key's row is read once and cached until any process
 * commits a change to the replicas, so a revocation or a suspension applies once that commit's notification arrives,
 * milliseconds after its event is consumed. A suspended tenant's key gets 403 with OpenAI's `account_deactivated`
 * code (OpenAI itself answers 401; the key is valid, so a client should not swap keys).
 */
@Injectable()
export class ServingApiKeyGuard implements CanActivate {
  private readonly verifier: ApiKeyVerifier;

  constructor(db: RequestPathSql, cache: VerifiedKeyCache<ApiKeyRow>) {
    this.verifier = new ApiKeyVerifier(db, API_KEY_REPLICA_TABLES, { cache });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw OpenAiError.unauthorized('You did not provide an API key: send it as Authorization: Bearer <key>.');
    const verdict = await this.verifier.verify(token, 'serving');
    if (!verdict.ok) {
      const message = REASONS[verdict.reason];
      if (verdict.reason === 'missing-scope') throw new OpenAiError(403, message, 'authentication_error', null, 'missing_scope');
      if (verdict.reason === 'tenant-suspended') throw new OpenAiError(403, message, 'invalid_request_error', null, 'account_deactivated');
      throw OpenAiError.unauthorized(message);
    }
    request.apiKey = verdict.principal;
    return true;
  }
}
