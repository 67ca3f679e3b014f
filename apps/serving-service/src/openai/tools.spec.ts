import { Rng } from '@llmchain/model-runtime';
import { Tokenizer, trainBpe } from '@llmchain/tokenizer';
import Ajv2020 from 'ajv/dist/2020';
import { randomWalk } from './constraints/__fixtures__/random-walk';
import { JsonSchemaConstraint } from './constraints/json-constraint';
import { schemaMasks } from './constraints/schema-masks-cache';
import { toolCallGrammar } from './tools';

const ajv = new Ajv2020({ strict: false });

/** Two tools whose parameters each define `#/$defs/point`, differently: each call must resolve its own. */
const tools = [
  {
    type: 'function' as const,
    function: {
      name: 'move',
      parameters: {
        $defs: { point: { type: 'object', properties: { x: { type: 'integer', minimum: 0, maximum: 9 } }, required: ['x'], additionalProperties: false } },
        type: 'object',
        properties: { to: { $ref: '#/$defs/point' } },
        required: ['to'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'label',
      parameters: {
        $defs: { point: { enum: ['a', 'b'] } },
        type: 'object',
        properties: { at: { $ref: '#/$defs/point' } },
        required: ['at'],
        additionalProperties: false,
      },
    },
  },
];

describe('toolCallGrammar', () => {
  let tokenizer: Tokenizer;

  beforeAll(async () => {
    tokenizer = await trainBpe([['[{"name":"move","arguments":{"to":{"x":3}}}]', '{"at":"a"} label'].join('\n').repeat(10)], { vocabSize: 300, minFrequency: 2 });
  });

  it("resolves each tool's $refs in its own parameters, and every call it writes validates against them", () => {
    const grammar = toolCallGrammar({ tools, tool_choice: 'required' })!;
    const eos = tokenizer.eosTokenId as number;
    const masks = schemaMasks(tokenizer, grammar.key, [eos], () => grammar.root);
    const validators = Object.fromEntries(tools.map((tool) => [tool.function.name, ajv.compile(tool.function.parameters)]));
    const names = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const { text, ended } = randomWalk(tokenizer, new JsonSchemaConstraint(masks), eos, 80, new Rng(seed));
      expect(ended).toBe(true);
      for (const call of JSON.parse(text) as { name: string; arguments: unknown }[]) {
        names.add(call.name);
        expect({ text, valid: validators[call.name](call.arguments) }).toEqual({ text, valid: true });
      }
    }
    expect([...names].sort()).toEqual(['label', 'move']);
  });

  it('refuses a remote $ref in a tool with a 400 naming the tool', () => {
    const remote = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object', properties: { a: { $ref: 'https://example.com/a.json' } } } } }];
    expect(() => toolCallGrammar({ tools: remote, tool_choice: 'required' })).toThrow(/tools\[0\]\.function\.parameters: unresolvable \$ref "https:\/\/example\.com\/a\.json"/);
  });
});
