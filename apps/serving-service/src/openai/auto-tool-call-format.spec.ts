import { Rng } from '@llmchain/model-runtime';
import { autoToolCallFormat } from './auto-tool-call-format';
import { CHAT_FORMAT } from './completion-formats';

type Chunk = { index: number; delta: { content?: string; tool_calls?: { index: number; function: { name: string; arguments: string } }[] }; finish_reason: string | null };
type Choice = { message: { content: string | null; tool_calls?: { function: { name: string; arguments: string } }[] }; finish_reason: string };

const format = () => autoToolCallFormat(CHAT_FORMAT, new Set(['add']), true);

/** The text streamed in random pieces; what a client reassembles from the chunks. */
function streamed(text: string, rng: Rng) {
  const stream = format();
  const chunks: Chunk[] = [];
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(rng.next() * 6);
    chunks.push(...(stream.chunkChoice(0, text.slice(at, at + size), null, null) as Chunk[]));
    at += size;
  }
  chunks.push(...(stream.chunkChoice(0, '', 'stop', null) as Chunk[]));
  const content = chunks.map((c) => c.delta.content ?? '').join('');
  const calls = chunks.flatMap((c) => c.delta.tool_calls ?? []).map((c) => ({ name: c.function.name, arguments: c.function.arguments }));
  return { content, calls, finish: chunks.at(-1)!.finish_reason };
}

describe('autoToolCallFormat', () => {
  const texts = [
    'Just prose, no call at all: <tool and more.',
    'Checking.<tool_call>{"name":"add","arguments":{"a":1}}</tool_call>',
    '{"name": "add", "parameters": {"a": 2}}',
    '{"name": "add", "parameters": {"a": 2',
    '<tool_call>{"name":"nope","arguments":{}}</tool_call>',
  ];

  it.each(texts)('streams the same content and calls as the whole response holds for %j', (text) => {
    const whole = format().choice(0, text, 'stop', null) as Choice;
    for (let seed = 1; seed <= 10; seed++) {
      const { content, calls, finish } = streamed(text, new Rng(seed));
      expect(content).toBe(whole.message.content ?? '');
      expect(calls).toEqual((whole.message.tool_calls ?? []).map((c) => ({ name: c.function.name, arguments: c.function.arguments })));
      expect(finish).toBe(whole.finish_reason);
    }
  });

  it('answers a call as tool_calls and prose as content, streaming prose before the reply ends', () => {
    expect(format().choice(0, texts[1], 'stop', null)).toMatchObject({ message: { content: 'Checking.', tool_calls: [{ type: 'function', function: { name: 'add', arguments: '{"a":1}' } }] }, finish_reason: 'tool_calls' });
    expect(format().choice(0, texts[0], 'stop', null)).toMatchObject({ message: { content: texts[0] }, finish_reason: 'stop' });
    const stream = format();
    expect(stream.chunkChoice(0, 'Hello there', null, null)).toEqual([{ index: 0, delta: { content: 'Hello there' }, logprobs: null, finish_reason: null }]);
    // A tail that may open a <tool_call> waits; a JSON start waits for the whole reply.
    expect(stream.chunkChoice(0, ' <tool_', null, null)).toEqual([{ index: 0, delta: { content: ' ' }, logprobs: null, finish_reason: null }]);
    expect(format().chunkChoice(0, '{"name"', null, null)).toEqual([]);
  });
});
