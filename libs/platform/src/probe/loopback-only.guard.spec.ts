import { ExecutionContext, ForbiddenException } from '@nestjs/common';
import { LoopbackOnlyGuard } from './loopback-only.guard';

const from = (remoteAddress: string | undefined) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ socket: { remoteAddress } }) }) }) as unknown as ExecutionContext;

describe('LoopbackOnlyGuard', () => {
  const guard = new LoopbackOnlyGuard();

  it('lets loopback callers through, IPv4, IPv6 and IPv4-mapped', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(guard.canActivate(from(address))).toBe(true);
  });

  it('refuses any other address, and a request without one', () => {
    for (const address of ['10.0.0.7', '::ffff:192.168.1.2', '2001:db8::1', undefined]) {
      expect(() => guard.canActivate(from(address))).toThrow(ForbiddenException);
    }
  });
});
