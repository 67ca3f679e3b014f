import { parseFreeTextToolCalls } from './free-text-tool-calls';

const tools = new Set(['get_weather', 'add']);
const parse = (text: string, parallel = true) => {
  const parsed = parseFreeTextToolCalls(text, tools, parallel);
  return parsed && { content: parsed.content, calls: parsed.calls.map((c) => ({ name: c.function.name, arguments: JSON.parse(c.function.arguments) })) };
};

describe('parseFreeTextToolCalls', () => {
  it('reads Hermes/Qwen <tool_call> blocks, with the text before them as content', () => {
    expect(parse('<tool_call>\n{"name": "add", "arguments": {"a": 1, "b": 2}}\n</tool_call>')).toEqual({ content: null, calls: [{ name: 'add', arguments: { a: 1, b: 2 } }] });
    expect(parse('Let me check.\n<tool_call>{"name":"get_weather","arguments":{"city":"Oslo"}}</tool_call>\n<tool_call>{"name":"add","arguments":{}}</tool_call>')).toEqual({
      content: 'Let me check.\n',
      calls: [
        { name: 'get_weather', arguments: { city: 'Oslo' } },
        { name: 'add', arguments: {} },
      ],
    });
  });

  it("reads Llama 3.1's JSON object (parameters, optionally after <|python_tag|>) and a JSON array of calls", () => {
    expect(parse(' {"name": "get_weather", "parameters": {"city": "Rome"}}')).toEqual({ content: null, calls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] });
    expect(parse('<|python_tag|>{"name": "add", "parameters": {"a": 3}}')).toEqual({ content: null, calls: [{ name: 'add', arguments: { a: 3 } }] });
    expect(parse('[{"name":"add","arguments":{"a":1}},{"name":"add","arguments":{"a":2}}]')?.calls).toHaveLength(2);
  });

  it('leaves prose, cut-short calls, unknown functions, non-object arguments and text after a call as content', () => {
    for (const text of [
      'The weather is fine.',
      '<tool_call>{"name": "add", "arguments": {"a": 1',
      '<tool_call>{"name": "delete_all", "arguments": {}}</tool_call>',
      '{"name": "add", "arguments": "a=1"}',
      '<tool_call>{"name": "add", "arguments": {}}</tool_call> and then some prose',
      '{"city": "Oslo"}',
    ]) {
      expect(parse(text)).toBeUndefined();
    }
  });

  it('leaves several calls as content when parallel calls are off', () => {
    expect(parse('[{"name":"add","arguments":{}},{"name":"add","arguments":{}}]', false)).toBeUndefined();
    expect(parse('[{"name":"add","arguments":{}}]', false)?.calls).toHaveLength(1);
  });
});
