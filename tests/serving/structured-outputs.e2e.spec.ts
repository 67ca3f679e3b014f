import { encodeChatMessages, Tokenizer } from '@llmchain/tokenizer';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import OpenAI from 'openai';
import { makeParseableResponseFormat } from 'openai/lib/parser';
import { z } from 'zod';
import { SCHEMA_BATTERY } from '../../apps/serving-service/src/openai/constraints/__fixtures__/schema-battery';
import { ServingHarness, TenantKey } from './serving-harness';
import { exportTinyModel } from './tiny-model';

const ajv = addFormats(new Ajv2020({ strict: false }));

/**
 * Structured outputs and tool calls from a random-weight model through the official openai client: every output
 * is validated by ajv against the schema the request sent.
 */
describe('serving-service structured outputs and tool calls', () => {
  const harness = new ServingHarness();
  let tenant: TenantKey;
  let client: OpenAI;
  let tokenizer: Tokenizer;
  const user = [{ role: 'user' as const, content: 'the cat' }];

  beforeAll(async () => {
    await harness.start();
    tenant = await harness.issueKey();
    const key = `models/${randomUUID()}`;
    await exportTinyModel(harness.modelsDir, key);
    tokenizer = await Tokenizer.load(path.join(harness.modelsDir, key));
    await harness.registerModel(tenant.tenantId, 'tiny-json', {}, key);
    client = harness.client(tenant.key);
  });
  afterAll(() => harness.teardown());

  it.each(Object.keys(SCHEMA_BATTERY))('answers the %s schema with output that validates, sampled and streamed', async (name) => {
    const schema = SCHEMA_BATTERY[name] as Record<string, unknown>;
    const validate = ajv.compile(schema);
    const request = { model: 'tiny-json', messages: user, max_tokens: 110, temperature: 1, n: 3, response_format: { type: 'json_schema' as const, json_schema: { name, schema, strict: true } } };
    const whole = await client.chat.completions.create({ ...request, seed: 11 });
    for (const choice of whole.choices) {
      expect(choice.finish_reason).toBe('stop');
      const value = JSON.parse(choice.message.content as string);
      expect({ content: choice.message.content, errors: validate(value) ? null : validate.errors }).toEqual({ content: choice.message.content, errors: null });
    }
    const stream = await client.chat.completions.create({ ...request, seed: 11, stream: true });
    const texts = ['', '', ''];
    for await (const chunk of stream) for (const choice of chunk.choices) texts[choice.index] += choice.delta.content ?? '';
    expect(texts).toEqual(whole.choices.map((choice) => choice.message.content));
  });

  it('writes a JSON object in json_object mode', async () => {
    const reply = await client.chat.completions.create({ model: 'tiny-json', messages: user, max_tokens: 60, temperature: 1, seed: 5, n: 4, response_format: { type: 'json_object' } });
    for (const choice of reply.choices) expect(JSON.parse(choice.message.content as string)).toEqual(expect.any(Object));
  });

  it('shares a batch between constrained and free requests without changing the free ones', async () => {
    const free = { model: 'tiny-json', messages: [{ role: 'user' as const, content: 'a dog' }], max_tokens: 24, temperature: 0 };
    const alone = await client.chat.completions.create(free);
    const schema = SCHEMA_BATTERY.person as Record<string, unknown>;
    const mixed = await Promise.all([
      client.chat.completions.create(free),
      ...[1, 2, 3].map((seed) => client.chat.completions.create({ ...free, temperature: 1, seed, max_tokens: 60, response_format: { type: 'json_schema', json_schema: { name: 'person', schema } } })),
      client.chat.completions.create(free),
    ]);
    expect(mixed[0].choices[0].message.content).toBe(alone.choices[0].message.content);
    expect(mixed[4].choices[0].message.content).toBe(alone.choices[0].message.content);
    const validate = ajv.compile(schema);
    for (const reply of mixed.slice(1, 4)) expect(validate(JSON.parse(reply.choices[0].message.content as string))).toBe(true);
  });

  it('refuses a schema with keywords it cannot honour, naming them, and a max_tokens too small for any valid output', async () => {
    const refused = client.chat.completions.create({
      model: 'tiny-json',
      messages: user,
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object', properties: { a: { type: 'string', pattern: '^a$' } }, uniqueItems: true } } },
    });
    await expect(refused).rejects.toMatchObject({ status: 400, param: 'response_format.json_schema.schema', message: expect.stringMatching(/unsupported keywords pattern|unsupported keyword uniqueItems/) });
    await expect(
      client.chat.completions.create({ model: 'tiny-json', messages: user, max_tokens: 5, response_format: { type: 'json_schema', json_schema: { name: 'p', schema: SCHEMA_BATTERY.person as Record<string, unknown> } } }),
    ).rejects.toMatchObject({ status: 400, param: 'max_tokens' });
  });

  /**
   * openai@5's zodResponseFormat reads only zod 3 schemas (the workspace has zod 4): the same response format from
   * zod 4's own JSON schema, made parseable as zodResponseFormat makes it.
   */
  const zodResponseFormat = <T extends z.ZodType>(schema: T, name: string) =>
    makeParseableResponseFormat({ type: 'json_schema', json_schema: { name, strict: true, schema: z.toJSONSchema(schema) as Record<string, unknown> } }, (content) =>
      schema.parse(JSON.parse(content)),
    );

  it('serves chat.completions.parse with a zod schema unchanged', async () => {
    const Weather = z.object({ city: z.string().max(10), celsius: z.number().int().min(-40).max(50), sunny: z.boolean(), wind: z.enum(['calm', 'breeze', 'gale']) });
    const parsed = await client.chat.completions.parse({ model: 'tiny-json', messages: user, max_tokens: 60, temperature: 1, seed: 2, response_format: zodResponseFormat(Weather, 'weather') });
    const weather = parsed.choices[0].message.parsed;
    expect(Weather.parse(weather)).toEqual(weather);
  });

  const tools: OpenAI.ChatCompletionFunctionTool[] = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 12 }, unit: { enum: ['c', 'f'] } }, required: ['city', 'unit'], additionalProperties: false },
      },
    },
    {
      type: 'function',
      function: { name: 'add', parameters: { type: 'object', properties: { a: { type: 'integer', minimum: 0, maximum: 99 }, b: { type: 'integer' } }, required: ['a', 'b'], additionalProperties: false } },
    },
  ];
  const validators = Object.fromEntries(tools.map((tool) => [tool.function.name, ajv.compile(tool.function.parameters as object)]));

  it('calls tools when required, each call one of the tools with arguments its schema accepts, streamed alike', async () => {
    const request = { model: 'tiny-json', messages: user, tools, tool_choice: 'required' as const, temperature: 1, max_tokens: 100, n: 3 };
    const reply = await client.chat.completions.create({ ...request, seed: 4, parallel_tool_calls: false });
    for (const choice of reply.choices) {
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBeNull();
      const calls = choice.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
      expect(calls).toHaveLength(1);
      expect(calls[0].id).toMatch(/^call_/);
      expect(validators[calls[0].function.name](JSON.parse(calls[0].function.arguments))).toBe(true);
    }
    const stream = await client.chat.completions.create({ ...request, seed: 4, parallel_tool_calls: false, stream: true });
    const streamed: { name?: string; arguments?: string }[][] = [[], [], []];
    const finishes: (string | null)[] = [];
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        for (const call of choice.delta.tool_calls ?? []) streamed[choice.index][call.index] = { name: call.function?.name, arguments: call.function?.arguments };
        if (choice.finish_reason) finishes[choice.index] = choice.finish_reason;
      }
    }
    expect(finishes).toEqual(['tool_calls', 'tool_calls', 'tool_calls']);
    expect(streamed).toEqual(reply.choices.map((choice) => (choice.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[]).map((c) => ({ name: c.function.name, arguments: c.function.arguments }))));
  });

  it('calls the named function, and takes its result back through the chat template', async () => {
    const reply = await client.chat.completions.create({ model: 'tiny-json', messages: user, tools, tool_choice: { type: 'function', function: { name: 'add' } }, temperature: 1, seed: 9 });
    const call = (reply.choices[0].message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[])[0];
    expect(call.function.name).toBe('add');
    expect(validators.add(JSON.parse(call.function.arguments))).toBe(true);

    const followUp: OpenAI.ChatCompletionMessageParam[] = [...user, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: '42' }];
    const answer = await client.chat.completions.create({ model: 'tiny-json', messages: followUp, tools, max_tokens: 4, temperature: 0 });
    // The template renders the call as the model wrote it and the tool's result as a turn of its own.
    const rendered = encodeChatMessages(
      tokenizer,
      [
        { role: 'user', content: 'the cat' },
        { role: 'assistant', content: `[{"name":"add","arguments":${call.function.arguments}}]` },
        { role: 'tool', content: '42' },
      ],
      { addGenerationPrompt: true },
    );
    expect(answer.usage?.prompt_tokens).toBe(rendered.length);
    await expect(client.chat.completions.create({ model: 'tiny-json', messages: user, tools, tool_choice: { type: 'function', function: { name: 'nope' } } })).rejects.toMatchObject({
      status: 400,
      param: 'tool_choice',
    });
  });

  it('reads a free-text reply in Llama 3.1\'s tool-call format as tool_calls under tool_choice auto, streamed alike; other text stays content', async () => {
    // response_format makes the random-weight model write a call as Llama 3.1 spells it: {"name", "parameters"}.
    const llamaCall = { type: 'object', properties: { name: { const: 'add' }, parameters: tools[1].function.parameters }, required: ['name', 'parameters'], additionalProperties: false };
    const request = { model: 'tiny-json', messages: user, tools, tool_choice: 'auto' as const, temperature: 1, max_tokens: 60, seed: 5 };
    const reply = await client.chat.completions.create({ ...request, response_format: { type: 'json_schema', json_schema: { name: 'call', schema: llamaCall } } });
    expect(reply.choices[0].finish_reason).toBe('tool_calls');
    const [call] = reply.choices[0].message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(call.function.name).toBe('add');
    expect(validators.add(JSON.parse(call.function.arguments))).toBe(true);
    const stream = await client.chat.completions.create({ ...request, response_format: { type: 'json_schema', json_schema: { name: 'call', schema: llamaCall } }, stream: true });
    const deltas: OpenAI.ChatCompletionChunk.Choice[] = [];
    for await (const chunk of stream) deltas.push(...chunk.choices);
    expect(deltas.flatMap((d) => d.delta.tool_calls ?? []).map((c) => c.function)).toEqual([{ name: 'add', arguments: call.function.arguments }]);
    expect(deltas.at(-1)!.finish_reason).toBe('tool_calls');

    const prose = await client.chat.completions.create({ ...request, max_tokens: 8 });
    expect(prose.choices[0].message.tool_calls ?? []).toEqual([]);
    expect(prose.choices[0].message.content).toEqual(expect.any(String));
  });

  it("runs tools with the client's runTools helper", async () => {
    const seen: unknown[] = [];
    const runner = client.chat.completions.runTools({
      model: 'tiny-json',
      messages: user,
      temperature: 1,
      seed: 3,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather in a city',
            parameters: tools[0].function.parameters as Record<string, unknown>,
            parse: JSON.parse,
            function: (args: unknown) => {
              seen.push(args);
              return 'sunny';
            },
          },
        },
      ],
    });
    await runner.done();
    expect(seen).toHaveLength(1);
    expect(validators.get_weather(seen[0])).toBe(true);
    expect(runner.messages.at(-1)).toMatchObject({ role: 'tool', content: 'sunny' });
  });
});
