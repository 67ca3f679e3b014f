import { ExecutionContext, ForbiddenException } from '@nestjs/common';
import { OperatorGuard } from './operator.guard';

const TOKEN = 'operator-token-0123456789abcdef0123456789';

const request = (remoteAddress: string | undefined, authorization?: string) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ socket: { remoteAddress }, headers: { authorization } }) }) }) as unknown as ExecutionContext;

describe('OperatorGuard', () => {
  describe('without an operator token configured', () => {
    const guard = new OperatorGuard({ OPERATOR_TOKEN: undefined });

    it('lets loopback callers through, IPv4, IPv6 and IPv4-mapped', () => {
      for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(guard.canActivate(request(address))).toBe(true);
    });

    it('refuses any other address, and a request without one', () => {
      for (const address of ['10.0.0.7', '::ffff:192.168.1.2', '2001:db8::1', undefined]) {
        expect(() => guard.canActivate(request(address))).toThrow(ForbiddenException);
      }
    });
  });

  describe('with an operator token configured', () => {
    const guard = new OperatorGuard({ OPERATOR_TOKEN: TOKEN });

    it('lets the token through from any address', () => {
      for (const address of ['127.0.0.1', '10.0.0.7']) expect(guard.canActivate(request(address, `Bearer ${TOKEN}`))).toBe(true);
    });

    it('refuses loopback callers without it, and any other token', () => {
      for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, 'Bearer ']) {
        expect(() => guard.canActivate(request('127.0.0.1', authorization))).toThrow(ForbiddenException);
      }
    });
  });
});
