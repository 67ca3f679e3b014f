import { BadRequestException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuseEncodedNul } from './refuse-encoded-nul';

const outcome = (url: string) => {
  const next = jest.fn();
  refuseEncodedNul({ url } as IncomingMessage, {} as ServerResponse, next);
  return next.mock.calls[0][0];
};

describe('refuseEncodedNul', () => {
  it('refuses a %00 anywhere in the path or query, in either case of hex digit', () => {
    expect(outcome('/admin/plans/abc%00def/versions')).toBeInstanceOf(BadRequestException);
    expect(outcome('/v1/usage?period=%00')).toBeInstanceOf(BadRequestException);
    expect((outcome('/x?a=%00') as BadRequestException).message).toMatch(/NUL/);
  });

  it('passes every other URL on, including an encoded percent sign before zeros', () => {
    expect(outcome('/admin/plans/pro/versions?x=%2500')).toBeUndefined();
    expect(outcome('/corpora/%F0%9F%98%80')).toBeUndefined();
  });
});
