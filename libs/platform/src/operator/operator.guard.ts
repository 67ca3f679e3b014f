import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { isOperator, OPERATOR_REFUSAL, OperatorRequest } from './operator-access';

/**
 * Metrics and diagnostics (which write events into the outbox and read every probe receipt) carry no tenant
 * credentials: they answer operators only (see isOperator).
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: Pick<PlatformConfig, 'OPERATOR_TOKEN'>) {}

  canActivate(context: ExecutionContext): boolean {
    if (isOperator(context.switchToHttp().getRequest<OperatorRequest>(), this.config.OPERATOR_TOKEN)) return true;
    throw new ForbiddenException(OPERATOR_REFUSAL);
  }
}
