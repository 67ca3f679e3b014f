import { CompletionText } from './completion-text';

const decode = (ids: number[]) => String.fromCharCode(...ids);
const codes = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

describe('CompletionText', () => {
  it('streams text as it is generated when there are no stop sequences', () => {
    const text = new CompletionText(decode, []);
    expect(codes('ab').map((c) => text.push(c))).toEqual(['a', 'b']);
    expect(text.finish(99)).toBe('c');
  });

  it('holds back a possible stop prefix and never shows the stop sequence', () => {
    const text = new CompletionText(decode, ['END']);
    const deltas = codes('xEN').map((c) => text.push(c));
    expect(deltas).toEqual(['x', '', '']);
    expect(text.finish(68, 'x')).toBe('');
  });

  it('releases held-back text once it can no longer start a stop sequence', () => {
    const text = new CompletionText(decode, ['END']);
    expect(codes('aEx').map((c) => text.push(c))).toEqual(['a', '', 'Ex']);
  });

  it('holds back an unfinished character', () => {
    const text = new CompletionText((ids) => (ids.length === 1 ? '\uFFFD' : 'é'), []);
    expect(text.push(1)).toBe('');
    expect(text.push(2)).toBe('é');
  });
});
