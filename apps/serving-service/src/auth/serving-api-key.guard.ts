import { ApiKeyPrincipal, ApiKeyVerifier, bearerToken, DATABASE, SqlExecutor } from '@llmchain/platform';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { OpenAiError } from '../openai/openai-error';

export type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; apiKey?: ApiKeyPrincipal };

const REASONS: Record<string, string> = {
  malformed: 'Incorrect API key provided: it is not an llmchain API key.',
  unknown: 'Incorrect API key provided.',
  revoked: 'This API key has been revoked.',
  expired: 'This API key has expired.',
  'missing-scope': 'This API key lacks the "serving" scope.',
};

/**
 * The platform's ApiKeyVerifier over serving's replica of billing's keys, answering in OpenAI's error shape (the
 * platform's ApiKeyGuard answers Nest's). Every request reads the replica, so a revocation applies as soon as its
 * event is consumed.
 */
@Injectable()
export class ServingApiKeyGuard implements CanActivate {
  private readonly verifier: ApiKeyVerifier;

  constructor(@Inject(DATABASE) db: SqlExecutor) {
    this.verifier = new ApiKeyVerifier(db, 'api_key_replicas');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw OpenAiError.unauthorized('You did not provide an API key: send it as Authorization: Bearer <key>.');
    const verdict = await this.verifier.verify(token, 'serving');
    if (!verdict.ok) {
      const error = OpenAiError.unauthorized(REASONS[verdict.reason]);
      throw verdict.reason === 'missing-scope' ? new OpenAiError(403, error.message, 'authentication_error', null, 'missing_scope') : error;
    }
    request.apiKey = verdict.principal;
    return true;
  }
}
