import { CompletionText, TokenTextStream } from './completion-text';

/** One character per token id, as its char code. */
const chars: TokenTextStream = { push: (id) => String.fromCharCode(id), flush: () => '' };
const codes = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

describe('CompletionText', () => {
  it('streams text as it is generated when there are no stop sequences', () => {
    const text = new CompletionText(chars, []);
    expect(codes('ab').map((c) => text.push(c))).toEqual(['a', 'b']);
    expect(text.finish(99)).toBe('c');
  });

  it('holds back a possible stop prefix and never shows the stop sequence', () => {
    const text = new CompletionText(chars, ['END']);
    const deltas = codes('xEN').map((c) => text.push(c));
    expect(deltas).toEqual(['x', '', '']);
    expect(text.finish(68, 'x')).toBe('');
  });

  it('releases held-back text once it can no longer start a stop sequence', () => {
    const text = new CompletionText(chars, ['END']);
    expect(codes('aEx').map((c) => text.push(c))).toEqual(['a', '', 'Ex']);
  });

  it('passes on what the decoder holds back of an unfinished character, and its remains at the end', () => {
    const utf8 = new TextDecoder();
    const bytes: TokenTextStream = { push: (byte) => utf8.decode(Uint8Array.of(byte), { stream: true }), flush: () => utf8.decode() };
    const text = new CompletionText(bytes, []);
    expect([0xc3, 0xa9, 0x61].map((b) => text.push(b))).toEqual(['', 'é', 'a']);
    expect(text.finish(0xc3)).toBe('\uFFFD');
  });
});
