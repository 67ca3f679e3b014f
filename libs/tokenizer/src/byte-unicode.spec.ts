import { BASE_VOCAB_BYTE_ORDER, BYTE_TO_CHAR, bytesToTokenString, tokenStringToBytes } from './byte-unicode';

describe('byte <-> unicode mapping', () => {
  it('maps the 256 bytes to 256 distinct printable characters', () => {
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    for (const ch of BYTE_TO_CHAR) expect(ch).toMatch(/^[^\s\p{C}]$/u);
  });

  it("matches GPT-2's well-known choices", () => {
    expect(BYTE_TO_CHAR[0x20]).toBe('Ġ');
    expect(BYTE_TO_CHAR[0x0a]).toBe('Ċ');
    expect(BYTE_TO_CHAR[0x41]).toBe('A');
    expect(BASE_VOCAB_BYTE_ORDER.slice(0, 3)).toEqual([0x21, 0x22, 0x23]);
  });

  it('round-trips every byte sequence and rejects foreign characters', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(tokenStringToBytes(bytesToTokenString(all))).toEqual(all);
    expect(tokenStringToBytes('ĠhelloĊ')).toEqual(Buffer.from(' hello\n'));
    expect(tokenStringToBytes('日本')).toBeNull();
  });
});
