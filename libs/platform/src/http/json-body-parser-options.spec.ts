import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonBodyParserOptions } from './json-body-parser-options';

const { verify, reviver } = jsonBodyParserOptions;
const verifyBytes = (bytes: number[], encoding: string | null = 'utf-8') =>
  verify({} as IncomingMessage, {} as ServerResponse, Buffer.from(bytes), encoding);

describe('jsonBodyParserOptions', () => {
  it('refuses bodies that are not UTF-8 with a 400 SyntaxError, and passes UTF-8 ones', () => {
    expect(() => verifyBytes([0x7b, 0x22, 0xff, 0x22, 0x7d])).toThrow(expect.objectContaining({ name: 'SyntaxError', status: 400 }));
    expect(() => verifyBytes([0xed, 0xa0, 0x80])).toThrow(/not valid UTF-8/);
    expect(() => verifyBytes([...Buffer.from('{"name":"café 😀"}')])).not.toThrow();
    expect(() => verifyBytes([0xff, 0xfe, 0x7b, 0x00], 'utf-16')).not.toThrow();
  });

  it('refuses NUL and lone surrogates in strings and member names, and keeps everything else as parsed', () => {
    const parse = (text: string) => JSON.parse(text, reviver);
    expect(() => parse('{"name":"a\\u0000b"}')).toThrow(expect.objectContaining({ name: 'SyntaxError', status: 400, message: expect.stringMatching(/NUL/) }));
    expect(() => parse('{"a\\u0000":1}')).toThrow(/NUL/);
    expect(() => parse('["x\\ud800"]')).toThrow(/lone surrogate/);
    expect(() => parse('{"\\udc00":true}')).toThrow(/lone surrogate/);
    expect(parse('{"name":"😀 \\ud83d\\ude00","n":[1,null,{"deep":"ok"}]}')).toEqual({ name: '😀 😀', n: [1, null, { deep: 'ok' }] });
  });
});
