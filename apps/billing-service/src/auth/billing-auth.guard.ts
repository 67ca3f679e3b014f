import { bearerToken } from '@llmchain/platform';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUDIENCE, Audience, AuthenticatedRequest } from '../common/audience';
import { AuthService } from './auth.service';

/**
 * No or unknown credentials: 401. Valid credentials of the wrong audience (a tenant key on an admin endpoint, an
 * admin session on a tenant endpoint), or of a suspended tenant: 403.
 */
@Injectable()
export class BillingAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const audience = this.reflector.getAllAndOverride<Audience | undefined>(AUDIENCE, [context.getHandler(), context.getClass()]);
    if (!audience) throw new Error('a guarded controller must declare @AdminOnly() or @TenantOnly()');
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException('send Authorization: Bearer <API key or session token>');
    const principal = await this.auth.principalFor(token);
    if (!principal) throw new UnauthorizedException('unknown, expired or revoked credentials');
    if (principal.kind !== audience) throw new ForbiddenException(`this endpoint is for ${audience === 'admin' ? 'platform admins' : 'tenants'}`);
    request.principal = principal;
    return true;
  }
}
