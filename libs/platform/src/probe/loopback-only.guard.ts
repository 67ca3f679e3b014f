import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Diagnostics write events into the outbox and read every probe receipt, and carry no tenant credentials: they answer
 * only callers on the same host (the main job, an operator's shell), whatever interface the service listens on.
 */
@Injectable()
export class LoopbackOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const address = context.switchToHttp().getRequest<{ socket?: { remoteAddress?: string } }>().socket?.remoteAddress;
    if (address && LOOPBACK.has(address)) return true;
    throw new ForbiddenException('diagnostics answer only on the loopback interface: call them from the service host');
  }
}
